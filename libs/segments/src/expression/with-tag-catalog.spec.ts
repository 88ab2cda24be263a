import { TagCatalog } from '@tagstream/tagging';
import { ValidationFailedError } from '@tagstream/common';
import { parseExpressionInput } from './parse-expression-input';
import { ExpressionViewer, TagResolver } from './expression.types';

/** The same checks, against the real taxonomy rather than the test resolver. */
describe('expressions against the real TagCatalog', () => {
  const catalog: TagResolver = new TagCatalog();
  const acme = { role: 'marketer', tenant: 'acme' };
  const beta = { role: 'marketer', tenant: 'beta' };

  function problems(input: unknown, viewer: ExpressionViewer = acme): unknown[] {
    try {
      parseExpressionInput(input, catalog, viewer);
    } catch (error) {
      if (error instanceof ValidationFailedError) return error.problems.map(({ path, rule }) => ({ path, rule }));
      throw error;
    }
    return [];
  }

  it('accepts the docs/contract.md §5 example in both forms', () => {
    const text = 'risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active';
    expect(parseExpressionInput({ text }, catalog, acme)).toStrictEqual({
      and: [
        { tag: 'risk:C3' },
        { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
        { not: { tag: 'dca:active' } },
      ],
    });
  });

  it('accepts every docs/contract.md §4 tag family and the macros', () => {
    const text = [
      'risk:C1', 'follows:qdii', 'inst:acme:holder', 'inst:acme:follower', 'inst:acme:dca', 'lifecycle:churned',
      'active[7d]', 'registered[30d]', 'read:manager_letter[>=2]', 'asked:fees[90d]', 'campaign:exposed', 'campaign:clicked', 'inst:acme:engaged[7d, >=3]',
    ].join(' OR ');
    expect(problems({ text })).toEqual([]);
  });

  it("gives another tenant's inst: tag the unknown-tag answer", () => {
    expect(problems({ tag: 'inst:acme:holder' }, beta)).toEqual([{ path: 'tag', rule: 'unknown_tag' }]);
    expect(problems({ tag: 'inst:acme:holder' }, { role: 'recommender' })).toEqual([]);
  });

  it('knows which tags are activity tags', () => {
    expect(problems({ and: [{ tag: 'holder:gold', within: '7d' }, { tag: 'viewed:gold', within: '7d' }] })).toEqual([
      { path: 'and[0].within', rule: 'activity_only' },
    ]);
    expect(problems({ tag: 'risk:C9' })).toEqual([{ path: 'tag', rule: 'unknown_tag' }]);
  });
});
