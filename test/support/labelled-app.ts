import { ClickHouse } from '@tagstream/clickhouse';
import { PLATFORM_IDS, Population, PopulationUser, USER_SURROGATES } from '@tagstream/segments';
import { createTestApp, TestApp } from './test-app';

export const AS_OF = '2026-11-20T12:00:00Z';
export const TENANT = 'demo_fund';
export const OTHER = 'other_fund';

export const KINDS: Population['tagKinds'] = {
  'risk:C1': 'state',
  'risk:C3': 'state',
  'risk:C5': 'state',
  'holder:gold': 'state',
  'dca:active': 'state',
  [`inst:${TENANT}:holder`]: 'state',
  [`inst:${OTHER}:holder`]: 'state',
  active: 'activity',
  'viewed:gold': 'activity',
};

export function user(userId: number, stateTags: string[], extra: Partial<PopulationUser> = {}): PopulationUser {
  return { userId, personalized: true, stateTags, dailyCounts: { active: { '2026-11-18': 2 } }, ...extra };
}

/**
 * Twelve users: 1–8 risk:C3 (1–6 gold holders, 1–4 with three gold views and
 * demo_fund positions, 5–8 with other_fund ones), 9–10 risk:C5 with a plan,
 * 11 opted out, 12 risk:C1.
 */
export const POPULATION: Population = {
  tagKinds: KINDS,
  users: [
    ...[1, 2, 3, 4].map((id) =>
      user(id, ['risk:C3', 'holder:gold', `inst:${TENANT}:holder`], { dailyCounts: { active: { '2026-11-18': 2 }, 'viewed:gold': { '2026-11-10': 3 } } }),
    ),
    ...[5, 6].map((id) => user(id, ['risk:C3', 'holder:gold', `inst:${OTHER}:holder`])),
    ...[7, 8].map((id) => user(id, ['risk:C3', `inst:${OTHER}:holder`])),
    ...[9, 10].map((id) => user(id, ['risk:C5', 'dca:active'])),
    user(11, ['risk:C3'], { personalized: false }),
    user(12, ['risk:C1']),
  ],
};

export interface LabelledApp extends TestApp {
  ch: ClickHouse;
}

/**
 * The real single-process app for query-side tests: labels are written
 * straight into ClickHouse (`writePopulationLabels`), so platform ids `u-<n>`
 * map to surrogate `<n>` (and back) instead of going through the projector's registry.
 *
 * The difference check is off unless `env` turns it on: on a dozen users with
 * a floor of 3 almost any two answers differ by one or two people, and these
 * suites test sizes, shares and lists one answer at a time. The check has its
 * own suite (privacy-difference.e2e-spec.ts).
 */
export async function startLabelledApp(env: Record<string, string> = {}): Promise<LabelledApp> {
  const surrogates = {
    surrogatesOf: async (ids: readonly string[]) =>
      new Map(ids.filter((id) => /^u-\d+$/.test(id)).map((id) => [id, Number(id.slice(2))])),
  };
  const platformIds = {
    platformIdsOf: async (numbers: readonly number[]) => new Map(numbers.map((n) => [n, `u-${n}`])),
  };
  const app = await createTestApp({
    env: { LOG_LEVEL: 'warn', MIN_AUDIENCE_SIZE: '3', DIFFERENCE_CHECK: 'off', ...env },
    overrides: [
      { provide: USER_SURROGATES, useValue: surrogates },
      { provide: PLATFORM_IDS, useValue: platformIds },
    ],
  });
  return { ...app, ch: app.app.get(ClickHouse) };
}
