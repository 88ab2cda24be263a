import fc from 'fast-check';
import { canonicalExpressionHash, canonicalExpressionJson, normaliseExpression } from './canonical-expression';
import { exprArbitrary, leafArbitrary, printableTagName } from './testing/expression.arbitraries';
import { Expr } from './expression.types';

/** The same object with its keys inserted in reverse order, at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]));
}

describe('canonical expression form and hash', () => {
  it('serialises with sorted keys and no whitespace', () => {
    expect(canonicalExpressionJson({ and: [{ tag: 'viewed:gold', within: '30d', minCount: 3 }, { not: { tag: 'risk:C3' } }] })).toBe(
      '{"and":[{"minCount":3,"tag":"viewed:gold","within":"30d"},{"not":{"tag":"risk:C3"}}]}',
    );
  });

  it('is a 64-digit hex sha256, pinned for a known expression so it stays stable across releases', () => {
    const hash = canonicalExpressionHash({ tag: 'risk:C3' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // sha256 of '{"tag":"risk:C3"}'
    expect(hash).toBe(require('node:crypto').createHash('sha256').update('{"tag":"risk:C3"}').digest('hex'));
  });

  it('does not depend on key order', () => {
    const leaf = leafArbitrary(printableTagName, fc.constantFrom('7d', '30d'), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(exprArbitrary({ leaf, minChildren: 1, maxChildren: 4, maxDepth: 5 }), (expr) => {
        expect(canonicalExpressionHash(reverseKeys(expr) as Expr)).toBe(canonicalExpressionHash(expr));
      }),
      { numRuns: 300 },
    );
  });

  it('drops the default minCount and one-child and/or, and unpads within', () => {
    expect(normaliseExpression({ and: [{ or: [{ tag: 'active', minCount: 1, within: '07d' }] }] })).toStrictEqual({ tag: 'active', within: '7d' });
    expect(canonicalExpressionHash({ tag: 'active', minCount: 1 })).toBe(canonicalExpressionHash({ tag: 'active' }));
  });

  it('tells apart expressions that differ in meaning or in order', () => {
    const hashes = [
      { tag: 'active' },
      { tag: 'active', minCount: 2 },
      { tag: 'active', within: '7d' },
      { not: { tag: 'active' } },
      { and: [{ tag: 'a' }, { tag: 'b' }] },
      { or: [{ tag: 'a' }, { tag: 'b' }] },
      { and: [{ tag: 'b' }, { tag: 'a' }] },
    ].map(canonicalExpressionHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
