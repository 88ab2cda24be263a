import fc from 'fast-check';
import { ClickHouse } from '@tagstream/clickhouse';
import { createTestClickHouse, dropTestClickHouse } from '@tagstream/testing';
import { evaluateInMemory, expandMacros, Expr, Population } from '../expression';
import { asOfArbitrary, populationArbitrary, smallExprArbitrary, SMALL_TAG_KINDS } from '../expression/testing/population.arbitraries';
import { writePopulationLabels } from '../testing/population-labels';
import { compileExpression } from './compile-expression';
import { membersQuery, sizeQuery } from './segment-queries';

const LABEL_TABLES = ['label_users', 'label_state_tags', 'label_activity_daily', 'label_tag_bitmaps'];

/** Spreads surrogates over several buckets (2^16 users each) so per-bucket evaluation is exercised. */
function spread(population: Population, stride: number): Population {
  return { ...population, users: population.users.map((user) => ({ ...user, userId: user.userId * stride })) };
}

async function membersOf(ch: ClickHouse, expr: Expr, asOf: Date): Promise<number[]> {
  const compiled = compileExpression(expandMacros(expr), { asOf, kindOf: (tag) => SMALL_TAG_KINDS[tag] });
  const rows = await ch.query<{ user: number }>(membersQuery(compiled).sql, compiled.params);
  return rows.map((row) => Number(row.user));
}

describe('compiled expressions on ClickHouse', () => {
  let ch: ClickHouse;

  beforeEach(async () => {
    ch = await createTestClickHouse();
  });

  afterEach(async () => {
    await dropTestClickHouse(ch);
  });

  async function load(population: Population): Promise<void> {
    for (const table of LABEL_TABLES) await ch.command(`TRUNCATE TABLE ${table}`);
    await writePopulationLabels(ch, population);
  }

  it('gives exactly the members the reference evaluator gives', async () => {
    let expressions = 0;
    await fc.assert(
      fc.asyncProperty(
        populationArbitrary(30),
        fc.constantFrom(1, 7919, 40_000),
        fc.array(smallExprArbitrary, { minLength: 10, maxLength: 20 }),
        asOfArbitrary,
        async (small, stride, exprs, asOf) => {
          const population = spread(small, stride);
          await load(population);
          for (const expr of exprs) {
            expressions += 1;
            expect(await membersOf(ch, expr, asOf)).toEqual(evaluateInMemory(expr, population, asOf));
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(expressions).toBeGreaterThanOrEqual(1500);
  }, 600_000);

  it('sums sizes over buckets', async () => {
    const population: Population = {
      tagKinds: SMALL_TAG_KINDS,
      users: [1, 70_000, 140_000, 140_001].map((userId) => ({
        userId,
        personalized: userId !== 140_001,
        stateTags: ['risk:C3'],
        dailyCounts: { active: { '2026-11-01': 2 } },
      })),
    };
    await load(population);
    const compiled = compileExpression({ tag: 'risk:C3' }, { asOf: new Date('2026-11-20T00:00:00Z'), kindOf: (tag) => SMALL_TAG_KINDS[tag] });
    const [row] = await ch.query<{ size: string }>(sizeQuery(compiled).sql, compiled.params);
    expect(row.size).toBe('3');
  });

  it('leaves excluded surrogates (a recorded, unfinished erasure) out of every leaf and of not', async () => {
    const population: Population = {
      tagKinds: SMALL_TAG_KINDS,
      users: [1, 70_000, 140_000].map((userId) => ({ userId, personalized: true, stateTags: ['risk:C3'], dailyCounts: { active: { '2026-11-01': 2 } } })),
    };
    await load(population);
    const asOf = new Date('2026-11-20T00:00:00Z');
    const kindOf = (tag: string) => SMALL_TAG_KINDS[tag];
    for (const expr of [{ tag: 'risk:C3' }, { tag: 'active', within: '30d' }, { not: { tag: 'holder:gold' } }] as Expr[]) {
      const compiled = compileExpression(expr, { asOf, kindOf, excluded: [70_000] });
      const rows = await ch.query<{ user: number }>(membersQuery(compiled).sql, compiled.params);
      expect(rows.map((row) => Number(row.user))).toEqual([1, 140_000]);
    }
    expect(compileExpression({ tag: 'risk:C3' }, { asOf, kindOf, excluded: [] }).sql).toBe(compileExpression({ tag: 'risk:C3' }, { asOf, kindOf }).sql);
  });

  it('binds every value: a tag name that looks like SQL is just an unknown name', async () => {
    await load({ tagKinds: SMALL_TAG_KINDS, users: [{ userId: 1, personalized: true, stateTags: ['risk:C3'], dailyCounts: { active: { '2026-11-01': 1 } } }] });
    const hostile = "x' OR 1=1 --";
    const compiled = compileExpression({ or: [{ tag: hostile }, { tag: 'viewed:gold', within: '30d', minCount: 2 }] }, {
      asOf: new Date('2026-11-20T00:00:00Z'),
      kindOf: (tag) => (tag === hostile ? 'state' : SMALL_TAG_KINDS[tag]),
    });
    expect(compiled.sql).not.toContain(hostile);
    expect(compiled.sql).not.toContain('viewed:gold');
    expect(compiled.sql).not.toContain('2026-');
    const rows = await ch.query(membersQuery(compiled).sql, compiled.params);
    expect(rows).toEqual([]);
  });

  it('refuses a tag outside the taxonomy', () => {
    expect(() => compileExpression({ tag: 'nope' }, { asOf: new Date(), kindOf: () => undefined })).toThrow(/not in the taxonomy/);
  });
});
