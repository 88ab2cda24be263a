import fc from 'fast-check';
import { exprArbitrary, leafArbitrary, printableTagName } from '../testing/expression.arbitraries';
import { parseExpressionText } from './parse-expression-text';
import { printExpressionText } from './print-expression-text';

describe('printExpressionText', () => {
  it('prints the canonical text of the docs/contract.md §5 example', () => {
    const expr = {
      and: [
        { tag: 'risk:C3' },
        { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
        { not: { tag: 'dca:active' } },
      ],
    };
    expect(printExpressionText(expr)).toBe('risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active');
  });

  it.each([
    [{ tag: 'viewed:gold', within: '7d' }, 'viewed:gold[7d]'],
    [{ tag: 'viewed:gold', minCount: 2 }, 'viewed:gold[>=2]'],
    [{ or: [{ and: [{ tag: 'a' }, { tag: 'b' }] }, { tag: 'c' }] }, '(a AND b) OR c'],
    [{ and: [{ tag: 'a' }, { and: [{ tag: 'b' }, { tag: 'c' }] }] }, 'a AND (b AND c)'],
    [{ not: { or: [{ tag: 'a' }, { tag: 'b' }] } }, 'NOT (a OR b)'],
    [{ not: { not: { tag: 'a' } } }, 'NOT NOT a'],
    [{ and: [{ tag: 'a' }] }, 'a'],
    [{ not: { or: [{ tag: 'a' }] } }, 'NOT a'],
    [{ or: [{ and: [{ and: [{ tag: 'a' }, { tag: 'b' }] }] }, { tag: 'c' }] }, '(a AND b) OR c'],
    [{ not: { and: [{ or: [{ tag: 'a' }, { tag: 'b' }] }] } }, 'NOT (a OR b)'],
  ])('prints %j as %s', (expr, text) => {
    expect(printExpressionText(expr)).toBe(text);
  });

  it.each(['and', 'NOT', 'two words', 'bad[tag', ''])('refuses to print a tag it cannot spell: %j', (tag) => {
    expect(() => printExpressionText({ tag })).toThrow('has no text spelling');
  });

  it('round-trips: parsing the printed text gives back the same expression', () => {
    const leaf = leafArbitrary(
      printableTagName,
      fc.integer({ min: 0, max: 9999 }).map((days) => `${days}d`),
      fc.integer({ min: 0, max: 1_000_000 }),
    );
    const expr = exprArbitrary({ leaf, minChildren: 2, maxChildren: 5, maxDepth: 6 });
    fc.assert(
      fc.property(expr, (e) => {
        expect(parseExpressionText(printExpressionText(e))).toStrictEqual(e);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the meaning of a one-child and/or, which the text cannot spell, by printing its child', () => {
    const expr = { or: [{ and: [{ tag: 'a' }] }, { tag: 'b' }] };
    expect(parseExpressionText(printExpressionText(expr))).toStrictEqual({ or: [{ tag: 'a' }, { tag: 'b' }] });
  });

  it('is a fixed point on its own output', () => {
    const leaf = leafArbitrary(printableTagName, fc.constant('30d'), fc.constant(2));
    fc.assert(
      fc.property(exprArbitrary({ leaf, minChildren: 1, maxChildren: 4, maxDepth: 5 }), (e) => {
        const once = printExpressionText(e);
        expect(printExpressionText(parseExpressionText(once))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
