import { checkField, isReadableField, READABLE_FIELDS } from '../src/lineage/field-checks';

/** Each readable field with a value its check must accept and values it must refuse. */
const CASES: Record<string, { accepts: unknown[]; refuses: unknown[]; problem: string }> = {
  fundCode: { accepts: ['000001', '999999'], refuses: ['00001', '0000011', 'abcdef', 123456, undefined, null], problem: 'must match ^\\d{6}$' },
  category: {
    accepts: ['money_market', 'gold', 'fof'],
    refuses: ['Gold', 'silver', '', 1, null],
    problem: 'must be one of money_market, bond, equity, hybrid, index, qdii, gold, fof',
  },
  institutionId: { accepts: ['acme', 'a1', 'acme_fund-2'], refuses: ['a', 'Acme', '1acme', 'a'.repeat(33), 42], problem: 'must match ^[a-z][a-z0-9_-]{1,31}$' },
  full: { accepts: [true, false], refuses: ['true', 1, 0, null, undefined], problem: 'must be a boolean' },
  dwellSeconds: { accepts: [0, 1, 30, 86_400], refuses: [-1, 86_401, 1.5, '30', NaN, Infinity, null, true], problem: 'must be an integer 0–86400' },
  level: { accepts: ['C1', 'C5'], refuses: ['C0', 'C6', 'c1', 3], problem: 'must be one of C1, C2, C3, C4, C5' },
  planId: { accepts: ['p1', 'plan.2026:A-b_c', 'x'.repeat(64)], refuses: ['', 'x'.repeat(65), 'plan 1', 'plan/1', 7], problem: 'must match ^[A-Za-z0-9_.:-]{1,64}$' },
  kind: { accepts: ['manager_letter', 'education'], refuses: ['letter', ''], problem: 'must be one of manager_letter, market_analysis, education' },
  topic: { accepts: ['fees', 'other'], refuses: ['Fees', 'refund'], problem: 'must be one of nav_drop, redemption, fees, dividends, other' },
  personalized: { accepts: [true, false], refuses: ['false', 0], problem: 'must be a boolean' },
};

describe('field checks', () => {
  it('cover exactly the readable fields', () => {
    expect(Object.keys(READABLE_FIELDS).sort()).toEqual(Object.keys(CASES).sort());
  });

  describe.each(Object.entries(CASES))('%s', (field, { accepts, refuses, problem }) => {
    it.each(accepts.map((value) => [value]))('accepts %p', (value) => {
      expect(checkField(field, value)).toBeUndefined();
    });

    it.each(refuses.map((value) => [value]))('refuses %p, saying why', (value) => {
      expect(checkField(field, value)).toBe(problem);
    });

    it('is readable', () => {
      expect(isReadableField(field)).toBe(true);
    });
  });

  describe.each(['amount', 'currency', 'region', 'frequency', 'articleId', 'campaignId', 'device', 'channel'])('%s', (field) => {
    it('is not readable and no value of it passes', () => {
      expect(isReadableField(field)).toBe(false);
      for (const value of ['1000.00', 'CNY', 'Shanghai', 1, true, undefined]) {
        expect(checkField(field, value)).toBe('is not a field any tag may read');
      }
    });
  });

  // READABLE_FIELDS is a plain object: a name it inherits must not pass for a field.
  describe.each(['toString', 'valueOf', 'constructor', 'hasOwnProperty', 'isPrototypeOf', '__proto__'])('inherited name %s', (field) => {
    it('is not readable and no value of it passes', () => {
      expect(isReadableField(field)).toBe(false);
      for (const value of ['x', 1, {}, undefined]) {
        expect(checkField(field, value)).toBe('is not a field any tag may read');
      }
    });
  });
});
