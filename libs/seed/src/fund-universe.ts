import { CATEGORIES, Category } from '@tagstream/events';
import { createRandom } from './random';

export interface Fund {
  readonly fundCode: string;
  readonly category: Category;
  readonly institutionId: string;
}

/** Fund companies of the synthetic platform; `demo_fund` and `other_fund` match the demo marketer tokens. */
export const INSTITUTIONS = [
  'demo_fund',
  'other_fund',
  'huaxia',
  'efund',
  'harvest',
  'southern',
  'gf_fund',
  'fullgoal',
  'bosera',
  'penghua',
  'ccb_pri',
  'icbc_cs',
] as const;

/** How common each category is among funds and among user interests (money market and index funds dominate). */
export const CATEGORY_WEIGHTS: Record<Category, number> = {
  money_market: 24,
  index: 18,
  bond: 16,
  equity: 14,
  hybrid: 12,
  qdii: 6,
  gold: 5,
  fof: 5,
};

const FUNDS_PER_INSTITUTION = 20;

/** The same universe for every seed, so histories generated with different seeds talk about the same funds. */
export function fundUniverse(): readonly Fund[] {
  const random = createRandom('fund-universe-v1');
  const weights = CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]);
  const funds: Fund[] = [];
  INSTITUTIONS.forEach((institutionId, i) => {
    for (let j = 0; j < FUNDS_PER_INSTITUTION; j++) {
      const fundCode = String(100_000 + i * 1000 + j * 7).padStart(6, '0');
      funds.push({ fundCode, category: random.weighted(CATEGORIES, weights), institutionId });
    }
  });
  return Object.freeze(funds);
}

export function fundsByCategory(funds: readonly Fund[]): ReadonlyMap<Category, readonly Fund[]> {
  const map = new Map<Category, Fund[]>(CATEGORIES.map((c) => [c, []]));
  for (const fund of funds) map.get(fund.category)!.push(fund);
  return map;
}

/** ISO 3166-2 province codes; regions are raw data that never reach labels. */
export const REGIONS = [
  'CN-BJ', 'CN-SH', 'CN-TJ', 'CN-CQ', 'CN-GD', 'CN-ZJ', 'CN-JS', 'CN-SD', 'CN-SC', 'CN-HB', 'CN-HN', 'CN-FJ',
  'CN-HE', 'CN-AH', 'CN-LN', 'CN-SN', 'CN-JX', 'CN-GX', 'CN-YN', 'CN-SX', 'CN-HL', 'CN-JL', 'CN-GZ', 'CN-NM',
] as const;
