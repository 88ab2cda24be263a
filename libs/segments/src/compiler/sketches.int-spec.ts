import fc from 'fast-check';
import { ClickHouse } from '@tagstream/clickhouse';
import { DifferenceCheck, deriveSketchKey, sketchLevel, sketchOfMembers } from '@tagstream/compliance';
import { createTestClickHouse, dropTestClickHouse } from '@tagstream/testing';
import { evaluateInMemory, expandMacros, Expr, Population } from '../expression';
import { asOfArbitrary, populationArbitrary, smallExprArbitrary, SMALL_TAG_KINDS } from '../expression/testing/population.arbitraries';
import { answerKey, LabelQueries, sketchParamsOf } from '../labels/label-queries';
import { writePopulationLabels } from '../testing/population-labels';
import { compileExpression } from './compile-expression';

const LABEL_TABLES = ['label_users', 'label_state_tags', 'label_activity_daily', 'label_tag_bitmaps'];
const KEY = deriveSketchKey('sketch-test-key-0123456789abcdef0123456789');
const PARAMS = sketchParamsOf(KEY);

/** The sketch the compliance lib would build from the exact member list. */
const expectedSketch = (members: readonly number[]) => sketchOfMembers(KEY, members);

describe('member sketches computed by ClickHouse', () => {
  let ch: ClickHouse;
  let labels: LabelQueries;

  beforeAll(async () => {
    ch = await createTestClickHouse();
    labels = new LabelQueries(ch);
  });

  afterAll(async () => {
    await dropTestClickHouse(ch);
  });

  async function load(population: Population): Promise<void> {
    for (const table of LABEL_TABLES) await ch.command(`TRUNCATE TABLE ${table}`);
    await writePopulationLabels(ch, population);
  }

  it('equal the sketch of the exact members, with the same hash as in-process', async () => {
    await fc.assert(
      fc.asyncProperty(populationArbitrary(30), fc.array(smallExprArbitrary, { minLength: 3, maxLength: 6 }), asOfArbitrary, async (small, exprs, asOf) => {
        const population = { ...small, users: small.users.map((user) => ({ ...user, userId: user.userId * 7919 })) };
        await load(population);
        for (const expr of exprs) {
          const compiled = compileExpression(expandMacros(expr), { asOf, kindOf: (tag) => SMALL_TAG_KINDS[tag] });
          expect(await labels.sizeSketch(compiled, PARAMS)).toEqual(expectedSketch(evaluateInMemory(expr, population, asOf)));
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it.each([
    ['by offset', 3000, 37],
    ['by offset, then by member, in several buckets', 140_000, 3],
  ])('sample large sets %s at the level that keeps about SKETCH_CAPACITY members', async (_, n, stride) => {
    const users = Array.from({ length: n }, (_, i) => i * stride + 1);
    await load({
      tagKinds: SMALL_TAG_KINDS,
      users: users.map((userId) => ({ userId, personalized: true, stateTags: ['risk:C3'], dailyCounts: { active: { '2026-11-01': 1 } } })),
    });
    const compiled = compileExpression({ tag: 'risk:C3' }, { asOf: new Date('2026-11-20T00:00:00Z'), kindOf: (tag) => SMALL_TAG_KINDS[tag] });
    const sketch = await labels.sizeSketch(compiled, PARAMS);
    expect(sketch.size).toBe(n);
    expect(sketch.level).toBe(sketchLevel(n));
    expect(sketch.level).toBeGreaterThan(0);
    expect(sketch).toEqual(expectedSketch(users));
  }, 120_000);

  it('never let one tenant hold two numbers of nested groups 1 … floor−1 apart (random populations, random nested pairs)', async () => {
    const floor = 3;
    await fc.assert(
      fc.asyncProperty(populationArbitrary(30), fc.array(fc.tuple(smallExprArbitrary, smallExprArbitrary), { minLength: 2, maxLength: 5 }), asOfArbitrary, async (small, pairs, asOf) => {
        const population = { ...small, users: small.users.map((user) => ({ ...user, userId: user.userId * 7919 })) };
        await load(population);
        const check = new DifferenceCheck({ floor, enabled: true, retentionMs: 86_400_000, maxAnswers: 1000 }, () => asOf);
        const released: { members: Set<number>; size: number }[] = [];
        // Each pair gives three nested answers: e ∧ f ⊆ e ⊆ e ∨ f, asked in a random order across pairs.
        for (const [e, f] of pairs) {
          for (const expr of [e, { and: [e, f] }, { or: [e, f] }] as Expr[]) {
            const compiled = compileExpression(expandMacros(expr), { asOf, kindOf: (tag) => SMALL_TAG_KINDS[tag] });
            const sketch = await labels.sizeSketch(compiled, PARAMS);
            if (sketch.size < floor) continue;
            const decision = check.decide('fund_a', { action: 'segment.preview' }, [{ name: 'size', key: answerKey(compiled), sketch }]);
            if (decision.verdicts[0].released) released.push({ members: new Set(evaluateInMemory(expr, population, asOf)), size: sketch.size });
          }
        }
        for (const x of released) {
          for (const y of released) {
            const nested = [...x.members].every((u) => y.members.has(u));
            const d = y.size - x.size;
            if (nested) expect(d >= 1 && d < floor).toBe(false);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});
