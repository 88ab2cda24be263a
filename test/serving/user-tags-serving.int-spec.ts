import fc from 'fast-check';
import { ClickHouseEraser, ErasureRegistry } from '@tagstream/compliance';
import { addDays, Population, PopulationUser, ServingIndex, UserTagsService, writePopulationLabels } from '@tagstream/segments';
import { KINDS, LabelledApp, startLabelledApp } from '../support/labelled-app';
import { waitUntil } from '../support/wait-until';

const STATE_TAGS = ['risk:C1', 'risk:C3', 'risk:C5', 'holder:gold', 'dca:active'];
const ACTIVITY_TAGS = ['active', 'viewed:gold'];
const TODAY = new Date().toISOString().slice(0, 10);
const USERS = 40;

/** A user's labels: state tags, consent, daily counts on days up to 130 before today. */
const populationUser = (userId: number): fc.Arbitrary<PopulationUser> =>
  fc.record({
    userId: fc.constant(userId),
    personalized: fc.boolean().map((b) => b || userId % 7 !== 0),
    stateTags: fc.subarray(STATE_TAGS),
    dailyCounts: fc.dictionary(
      fc.constantFrom(...ACTIVITY_TAGS),
      fc.dictionary(fc.integer({ min: 0, max: 130 }).map((back) => addDays(TODAY, -back)), fc.integer({ min: 1, max: 9 }), { maxKeys: 6 }),
    ),
  });

/** Some of the users 1…USERS: the rest keep what earlier rounds wrote, or never had labels. */
const population = fc
  .subarray(Array.from({ length: USERS }, (_, i) => i + 1), { minLength: 1 })
  .chain((ids) => fc.tuple(...ids.map(populationUser)))
  .map((users): Population => ({ tagKinds: KINDS, users }));

/** Known, unknown (no labels, or no mapping at all), opted out and erased users alike. */
const lookup = fc.record({
  userIds: fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: USERS + 5 }).map((n) => `u-${n}`), fc.constant('nobody')), { minLength: 1, maxLength: 12 }),
  asOf: fc.integer({ min: -30, max: 3 }).map((days) => new Date(`${addDays(TODAY, days)}T${String(days & 15).padStart(2, '0')}:30:00Z`)),
});

describe('the serving index answers exactly as the ClickHouse path', () => {
  let t: LabelledApp;
  let index: ServingIndex;
  let service: UserTagsService;
  let erasures: ErasureRegistry;
  let position = 10;

  beforeAll(async () => {
    t = await startLabelledApp();
    index = t.app.get(ServingIndex);
    service = t.app.get(UserTagsService);
    erasures = t.app.get(ErasureRegistry);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const sorted = (users: Map<string, unknown>) => [...users].sort(([a], [b]) => (a < b ? -1 : 1));

  /** The index's answer; it answers only while current, and a write holding the engine can make it miss that. */
  async function fromIndex(userIds: string[], asOf: Date) {
    for (let attempt = 0; attempt < 20; attempt++) {
      await waitUntil(() => index.isCurrent(), 'a current index', 20_000);
      const served = await index.lookup(userIds, asOf);
      if (served) return served;
    }
    throw new Error(`the index did not answer for asOf ${asOf.toISOString()}`);
  }

  async function compare(lookups: { userIds: string[]; asOf: Date }[]): Promise<void> {
    for (const { userIds, asOf } of lookups) {
      const served = await fromIndex(userIds, asOf);
      const reference = await service.fromClickHouse(userIds, asOf);
      expect(sorted(served.users)).toEqual(sorted(reference.users));
      expect(served.freshness.position).toBe(`${position}/${position}`);
    }
  }

  async function writeRound(round: Population): Promise<void> {
    position += 10;
    await writePopulationLabels(t.ch, round, position);
    await waitUntil(() => index.position() === `${position}/${position}`, `the index at position ${position} (at ${index.position()})`, 20_000);
  }

  it('for random populations, changes, erasures and asOf days, cold and cached', async () => {
    await fc.assert(
      fc.asyncProperty(population, population, fc.array(lookup, { minLength: 1, maxLength: 6 }), fc.subarray([3, 5, 8, 13, 21]), async (first, changed, lookups, erased) => {
        await writeRound(first);
        await compare(lookups); // partly cold: what earlier runs cached may have changed since
        await compare(lookups); // cached
        await writeRound(changed); // cached users are reloaded from the change feed
        await compare(lookups);
        const eraser = new ClickHouseEraser(t.ch);
        for (const surrogate of erased.filter((s) => !erasures.isSurrogateErased(s))) {
          await erasures.recordErased({ userIdHash: `test-${surrogate}`, surrogate, at: new Date().toISOString(), by: 'test' });
          await eraser.erase(surrogate);
        }
        await compare(lookups);
      }),
      { numRuns: 8, endOnFailure: true },
    );
  }, 240_000);

  it('leaves asOf days it does not hold to the ClickHouse path', async () => {
    await waitUntil(() => index.isCurrent(), 'a current index', 20_000);
    expect(await index.lookup(['u-1'], new Date(`${addDays(TODAY, -31)}T12:00:00Z`))).toBeUndefined();
    expect(await fromIndex(['u-1'], new Date(`${addDays(TODAY, -30)}T00:00:00Z`))).toBeDefined();
  });
});
