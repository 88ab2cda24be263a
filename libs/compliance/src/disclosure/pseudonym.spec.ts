import fc from 'fast-check';
import { erasureHash, Pseudonymizer } from './pseudonym';

const KEY = 'k'.repeat(32);

describe('Pseudonymizer', () => {
  const pseudonyms = new Pseudonymizer(KEY);

  it('is stable for a tenant and URL-safe', () => {
    const id = pseudonyms.pseudonymize('fund_a', 42);
    expect(id).toBe(new Pseudonymizer(KEY).pseudonymize('fund_a', 42));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives unrelated ids to two tenants and to two people', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(2 ** 32 - 1), (a, b) => {
        expect(pseudonyms.pseudonymize('fund_a', a)).not.toBe(pseudonyms.pseudonymize('fund_b', a));
        if (a !== b) expect(pseudonyms.pseudonymize('fund_a', a)).not.toBe(pseudonyms.pseudonymize('fund_a', b));
      }),
    );
  });

  it('depends on the key and never contains the surrogate in clear', () => {
    expect(new Pseudonymizer('x'.repeat(32)).pseudonymize('fund_a', 42)).not.toBe(pseudonyms.pseudonymize('fund_a', 42));
    expect(pseudonyms.pseudonymize('fund_a', 123456789)).not.toContain('123456789');
  });

  it('refuses an empty tenant or a non-integer surrogate', () => {
    expect(() => pseudonyms.pseudonymize('', 1)).toThrow(TypeError);
    expect(() => pseudonyms.pseudonymize('fund_a', 1.5)).toThrow(TypeError);
  });
});

describe('erasureHash', () => {
  it('is stable, keyed, and does not contain the id', () => {
    expect(erasureHash(KEY, 'user-7')).toBe(erasureHash(KEY, 'user-7'));
    expect(erasureHash(KEY, 'user-7')).not.toBe(erasureHash('x'.repeat(32), 'user-7'));
    expect(erasureHash(KEY, 'alice.smith')).not.toContain('alice');
  });
});
