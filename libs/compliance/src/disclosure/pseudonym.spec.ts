import fc from 'fast-check';
import { erasureHash, Pseudonymizer } from './pseudonym';

const KEY = 'k'.repeat(32);

describe('Pseudonymizer', () => {
  const pseudonyms = new Pseudonymizer(KEY);

  it('is stable within a snapshot and URL-safe', () => {
    const id = pseudonyms.pseudonymize('fund_a', 42, 's1');
    expect(id).toBe(new Pseudonymizer(KEY).pseudonymize('fund_a', 42, 's1'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives unrelated ids to two tenants, two snapshots and two people', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(2 ** 32 - 1), (a, b) => {
        expect(pseudonyms.pseudonymize('fund_a', a, 's1')).not.toBe(pseudonyms.pseudonymize('fund_b', a, 's1'));
        expect(pseudonyms.pseudonymize('fund_a', a, 's1')).not.toBe(pseudonyms.pseudonymize('fund_a', a, 's2'));
        if (a !== b) expect(pseudonyms.pseudonymize('fund_a', a, 's1')).not.toBe(pseudonyms.pseudonymize('fund_a', b, 's1'));
      }),
    );
  });

  it('cannot be made to collide by moving digits between the snapshot id and the surrogate', () => {
    expect(pseudonyms.pseudonymize('fund_a', 23, 's1')).not.toBe(pseudonyms.pseudonymize('fund_a', 3, 's12'));
  });

  it('depends on the key and never contains the surrogate in clear', () => {
    expect(new Pseudonymizer('x'.repeat(32)).pseudonymize('fund_a', 42, 's1')).not.toBe(pseudonyms.pseudonymize('fund_a', 42, 's1'));
    expect(pseudonyms.pseudonymize('fund_a', 123456789, 's1')).not.toContain('123456789');
  });

  it('refuses an empty tenant or snapshot, or a non-integer surrogate', () => {
    expect(() => pseudonyms.pseudonymize('', 1, 's1')).toThrow(TypeError);
    expect(() => pseudonyms.pseudonymize('fund_a', 1, '')).toThrow(TypeError);
    expect(() => pseudonyms.pseudonymize('fund_a', 1.5, 's1')).toThrow(TypeError);
  });
});

describe('erasureHash', () => {
  it('is stable, keyed, and does not contain the id', () => {
    expect(erasureHash(KEY, 'user-7')).toBe(erasureHash(KEY, 'user-7'));
    expect(erasureHash(KEY, 'user-7')).not.toBe(erasureHash('x'.repeat(32), 'user-7'));
    expect(erasureHash(KEY, 'alice.smith')).not.toContain('alice');
  });
});
