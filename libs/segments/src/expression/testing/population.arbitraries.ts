import fc from 'fast-check';
import { addDays } from '../as-of';
import { Expr, TagKind } from '../expression.types';
import { Population, PopulationUser } from '../evaluation/population';
import { exprArbitrary, leafArbitrary } from './expression.arbitraries';

/** A handful of tags is enough for random expressions to overlap in interesting ways. */
export const SMALL_TAG_KINDS: Readonly<Record<string, TagKind>> = {
  'risk:C3': 'state',
  'holder:gold': 'state',
  'dca:active': 'state',
  active: 'activity',
  registered: 'activity',
  'viewed:gold': 'activity',
};

const STATE_TAGS = Object.keys(SMALL_TAG_KINDS).filter((tag) => SMALL_TAG_KINDS[tag] === 'state');
const ACTIVITY_TAGS = Object.keys(SMALL_TAG_KINDS).filter((tag) => SMALL_TAG_KINDS[tag] === 'activity');

/** Days spread over ~14 months around a fixed day, so 7d…400d windows all cut through the data. */
const ANCHOR_DAY = '2026-11-20';
const dayArbitrary = fc.integer({ min: -420, max: 10 }).map((offset) => addDays(ANCHOR_DAY, offset));

const countsArbitrary = fc.dictionary(dayArbitrary, fc.integer({ min: 1, max: 4 }), { maxKeys: 5 });

function userArbitrary(userId: number): fc.Arbitrary<PopulationUser> {
  return fc
    .record({
      personalized: fc.integer({ min: 0, max: 99 }).map((roll) => roll < 85),
      stateTags: fc.subarray(STATE_TAGS),
      counts: fc.tuple(...ACTIVITY_TAGS.map(() => countsArbitrary)),
    })
    .map(({ personalized, stateTags, counts }) => ({
      userId,
      personalized,
      stateTags,
      dailyCounts: Object.fromEntries(
        ACTIVITY_TAGS.map((tag, index) => [tag, counts[index]] as const).filter(([, days]) => Object.keys(days).length > 0),
      ),
    }));
}

export function populationArbitrary(maxUsers = 30): fc.Arbitrary<Population> {
  return fc
    .integer({ min: 0, max: maxUsers })
    .chain((size) => fc.tuple(...Array.from({ length: size }, (_, index) => userArbitrary(index + 1))))
    .map((users) => ({ tagKinds: SMALL_TAG_KINDS, users }));
}

/** asOf instants around the anchor day, at any time of day. */
export const asOfArbitrary: fc.Arbitrary<Date> = fc
  .integer({ min: -40 * 86_400_000, max: 5 * 86_400_000 })
  .map((offsetMs) => new Date(Date.parse(`${ANCHOR_DAY}T00:00:00Z`) + offsetMs));

/** Valid expressions over SMALL_TAG_KINDS, macros included. */
export const smallExprArbitrary: fc.Arbitrary<Expr> = exprArbitrary({
  leaf: fc.oneof(
    fc.constantFrom(...STATE_TAGS, 'lifecycle:new', 'lifecycle:active', 'lifecycle:dormant', 'lifecycle:churned').map((tag) => ({ tag })),
    leafArbitrary(
      fc.constantFrom(...ACTIVITY_TAGS),
      fc.constantFrom('1d', '7d', '30d', '90d', '400d'),
      fc.integer({ min: 1, max: 6 }),
    ),
  ),
  minChildren: 1,
  maxChildren: 4,
  maxDepth: 5,
});
