import fc from 'fast-check';
import { evaluateInMemory } from './evaluate-in-memory';
import { Population, PopulationUser } from './population';
import { Expr } from '../expression.types';
import { parseExpressionText } from '../text/parse-expression-text';
import { TEST_TAG_KINDS } from '../testing/test-tag-resolver';
import { asOfArbitrary, populationArbitrary, smallExprArbitrary } from '../testing/population.arbitraries';

function user(userId: number, fields: Partial<PopulationUser>): PopulationUser {
  return { userId, personalized: true, stateTags: [], dailyCounts: {}, ...fields };
}

/**
 * Hand-built population; every expected answer below is worked out by hand
 * from this table, at asOf 2026-11-20T12:00Z unless a test says otherwise.
 *   7d window  = 11-14 … 11-20    30d = 10-22 … 11-20    90d = 08-23 … 11-20
 */
const population: Population = {
  tagKinds: TEST_TAG_KINDS,
  users: [
    user(1, {
      stateTags: ['risk:C3', 'holder:gold'],
      dailyCounts: {
        active: { '2026-11-20': 2, '2026-10-01': 1 },
        'viewed:gold': { '2026-11-20': 1, '2026-11-14': 1, '2026-11-13': 5 },
        registered: { '2026-10-01': 1 },
      },
    }),
    user(2, {
      stateTags: ['risk:C3'],
      dailyCounts: { active: { '2026-11-15': 4 }, 'viewed:gold': { '2026-11-15': 3 }, registered: { '2026-11-15': 1 } },
    }),
    // Withdrew consent: in nothing, even though the tags match.
    user(3, {
      personalized: false,
      stateTags: ['risk:C3', 'holder:gold'],
      dailyCounts: { active: { '2026-11-20': 1 }, 'viewed:gold': { '2026-11-20': 9 } },
    }),
    // No projected event: outside the universe, state tags notwithstanding.
    user(4, { stateTags: ['risk:C3'] }),
    // Last active in June: churned.
    user(5, { stateTags: ['risk:C1', 'dca:active'], dailyCounts: { active: { '2026-06-01': 4 } } }),
    // Last active 1 September: dormant.
    user(6, { dailyCounts: { active: { '2026-09-01': 1 }, registered: { '2026-09-01': 1 } } }),
    // Only event after asOf: in the universe, but no activity as of 11-20.
    user(7, { dailyCounts: { active: { '2026-11-25': 3 } } }),
    user(8, { stateTags: ['risk:C3', 'holder:gold', 'dca:active'], dailyCounts: { active: { '2026-11-19': 1 } } }),
  ],
};

const asOf = new Date('2026-11-20T12:00:00Z');

function members(text: string, at: Date = asOf): number[] {
  return evaluateInMemory(parseExpressionText(text), population, at);
}

describe('evaluateInMemory, on hand-computed cases', () => {
  it.each([
    ['risk:C3', [1, 2, 8]],
    ['holder:gold', [1, 8]],
    ['NOT risk:C3', [5, 6, 7]],
    ['NOT NOT risk:C3', [1, 2, 8]],
    ['active', [1, 2, 5, 6, 8]],
    ['NOT active', [7]],
    ['viewed:gold[7d]', [1, 2]],
    ['viewed:gold[6d]', [1, 2]],
    ['viewed:gold[5d]', [1]],
    ['viewed:gold[1d]', [1]],
    ['viewed:gold[7d, >=2]', [1, 2]],
    ['viewed:gold[7d, >=3]', [2]],
    ['viewed:gold[8d, >=7]', [1]],
    ['viewed:gold[>=7]', [1]],
    ['viewed:gold[>=8]', []],
    ['risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active', [1, 2]],
    ['risk:C3 OR risk:C1', [1, 2, 5, 8]],
    ['risk:C5', []],
    ['risk:C5 OR NOT risk:C5', [1, 2, 5, 6, 7, 8]],
    ['lifecycle:new', [2]],
    ['lifecycle:active', [1, 2, 8]],
    ['lifecycle:dormant', [6]],
    ['lifecycle:churned', [5]],
    ['NOT lifecycle:active', [5, 6, 7]],
    ['registered[400d]', [1, 2, 6]],
  ])('%s → %j', (text, expected) => {
    expect(members(text)).toEqual(expected);
  });

  it('moves activity windows with asOf, the universe and state tags not', () => {
    const later = new Date('2026-11-25T00:00:00Z');
    expect(members('lifecycle:active', later)).toEqual([1, 2, 7, 8]);
    // 7d is now 11-19 … 11-25: user 2's views of 11-15 fall out; 11d (11-15 … 11-25) brings them back.
    expect(members('viewed:gold[7d]', later)).toEqual([1]);
    expect(members('viewed:gold[5d]', later)).toEqual([]);
    expect(members('viewed:gold[11d]', later)).toEqual([1, 2]);
    expect(members('viewed:gold[10d]', later)).toEqual([1]);
    const early = new Date('2020-01-01T00:00:00Z');
    expect(members('risk:C3', early)).toEqual([1, 2, 8]);
    expect(members('active', early)).toEqual([]);
    expect(members('NOT active', early)).toEqual([1, 2, 5, 6, 7, 8]);
  });

  it('takes the UTC day of asOf', () => {
    // 11-21 04:30Z: the 1d window is 11-21, where nobody viewed gold.
    expect(members('viewed:gold[1d]', new Date('2026-11-20T23:30:00-05:00'))).toEqual([]);
    // 11-20 23:00Z written in +08:00 as the 21st: still the 20th in UTC.
    expect(members('viewed:gold[1d]', new Date('2026-11-21T07:00:00+08:00'))).toEqual([1]);
  });

  it('refuses what it would otherwise have to guess', () => {
    expect(() => evaluateInMemory({ tag: 'nope' }, population, asOf)).toThrow('has no kind');
    expect(() => evaluateInMemory({ tag: 'risk:C3', within: '7d' }, population, asOf)).toThrow('state tag');
    const unknownActivity = { tagKinds: TEST_TAG_KINDS, users: [user(1, { dailyCounts: { viewed: { '2026-11-20': 1 } } })] };
    expect(() => evaluateInMemory({ tag: 'active' }, unknownActivity, asOf)).toThrow('viewed is not an activity tag');
    const badCount = { tagKinds: TEST_TAG_KINDS, users: [user(1, { dailyCounts: { active: { '2026-11-20': 0 } } })] };
    expect(() => evaluateInMemory({ tag: 'active' }, badCount, asOf)).toThrow('has count 0');
    const twice = { tagKinds: TEST_TAG_KINDS, users: [user(1, {}), user(1, {})] };
    expect(() => evaluateInMemory({ tag: 'active' }, twice, asOf)).toThrow('unique');
    const activityAsState = { tagKinds: TEST_TAG_KINDS, users: [user(1, { stateTags: ['active'] })] };
    expect(() => evaluateInMemory({ tag: 'active' }, activityAsState, asOf)).toThrow('not a state tag');
  });
});

describe('evaluateInMemory, algebraic laws on random populations', () => {
  const universeOf = (p: Population, at: Date) => evaluateInMemory({ or: [{ tag: 'active' }, { not: { tag: 'active' } }] }, p, at);
  const run = (property: (e: Expr, f: Expr, p: Population, at: Date) => void) =>
    fc.assert(fc.property(smallExprArbitrary, smallExprArbitrary, populationArbitrary(), asOfArbitrary, property), { numRuns: 300 });

  it('the universe is the consenting users with at least one event', () => {
    fc.assert(
      fc.property(populationArbitrary(), asOfArbitrary, (p, at) => {
        const expected = p.users.filter((u) => u.personalized && Object.keys(u.dailyCounts.active ?? {}).length > 0).map((u) => u.userId);
        expect(universeOf(p, at)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('every result lies in the universe, and NOT partitions it', () => {
    run((e, _f, p, at) => {
      const universe = universeOf(p, at);
      const inside = evaluateInMemory(e, p, at);
      const outside = evaluateInMemory({ not: e }, p, at);
      expect(inside.every((id) => universe.includes(id))).toBe(true);
      expect([...inside, ...outside].sort((a, b) => a - b)).toEqual(universe);
    });
  });

  it('obeys De Morgan and double negation', () => {
    run((e, f, p, at) => {
      expect(evaluateInMemory({ not: { and: [e, f] } }, p, at)).toEqual(evaluateInMemory({ or: [{ not: e }, { not: f }] }, p, at));
      expect(evaluateInMemory({ not: { or: [e, f] } }, p, at)).toEqual(evaluateInMemory({ and: [{ not: e }, { not: f }] }, p, at));
      expect(evaluateInMemory({ not: { not: e } }, p, at)).toEqual(evaluateInMemory(e, p, at));
    });
  });

  it('a larger minCount or a shorter window never adds members', () => {
    fc.assert(
      fc.property(populationArbitrary(), asOfArbitrary, fc.integer({ min: 1, max: 5 }), (p, at, n) => {
        const wide = evaluateInMemory({ tag: 'viewed:gold', within: '90d', minCount: n }, p, at);
        const narrow = evaluateInMemory({ tag: 'viewed:gold', within: '30d', minCount: n }, p, at);
        const stricter = evaluateInMemory({ tag: 'viewed:gold', within: '90d', minCount: n + 1 }, p, at);
        expect(narrow.every((id) => wide.includes(id))).toBe(true);
        expect(stricter.every((id) => wide.includes(id))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
