import { validateExpression, ValidationResult } from './validate-expression';
import { acmeMarketer, betaMarketer, recommender, testTagResolver } from './testing/test-tag-resolver';
import { ExpressionViewer } from './expression.types';

function problemsOf(input: unknown, viewer: ExpressionViewer = acmeMarketer): Array<{ path: string; rule: string; message: string }> {
  const result: ValidationResult = validateExpression(input, testTagResolver, viewer);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be invalid`);
  return result.problems.map(({ path, rule, message }) => ({ path, rule, message }));
}

function validOf(input: unknown, viewer: ExpressionViewer = acmeMarketer): unknown {
  const result = validateExpression(input, testTagResolver, viewer);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.problems.map((p) => p.message))}`);
  return result.expr;
}

function leaves(n: number): unknown[] {
  return Array.from({ length: n }, () => ({ tag: 'risk:C3' }));
}

function nest(depth: number): unknown {
  let expr: unknown = { tag: 'risk:C1' };
  for (let level = 1; level < depth; level += 1) expr = { not: expr };
  return expr;
}

describe('validateExpression', () => {
  it('accepts the docs/contract.md §5 example and returns a clean copy', () => {
    const input = {
      and: [
        { tag: 'risk:C3' },
        { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
        { not: { tag: 'dca:active' } },
      ],
    };
    const expr = validOf(input);
    expect(expr).toStrictEqual(input);
    expect(expr).not.toBe(input);
  });

  it('accepts macros without qualifiers', () => {
    expect(validOf({ or: [{ tag: 'lifecycle:new' }, { tag: 'lifecycle:churned' }] })).toBeDefined();
  });

  it('accepts the bounds: within 1d and 400d, minCount 1, one child, 32 children, depth 8, 64 leaves', () => {
    validOf({ tag: 'active', within: '1d', minCount: 1 });
    validOf({ tag: 'active', within: '400d' });
    validOf({ and: [{ tag: 'active' }] });
    validOf({ or: leaves(32) });
    validOf(nest(8));
    validOf({ and: [{ or: leaves(32) }, { or: leaves(32) }] });
  });

  describe('shape', () => {
    it.each([null, 'risk:C3', 3, [], [{ tag: 'risk:C3' }], true])('rejects a non-object expression: %j', (input) => {
      expect(problemsOf(input)).toEqual([{ path: '', rule: 'type', message: 'expression must be an object with one of tag, and, or, not' }]);
    });

    it('rejects a node with none of tag/and/or/not, naming the unknown keys', () => {
      expect(problemsOf({ tga: 'risk:C3' })).toEqual([
        { path: '', rule: 'node_kind', message: 'expression must have exactly one of tag, and, or, not (found none)' },
        { path: 'tga', rule: 'unknown_key', message: "unknown key 'tga' in expression" },
      ]);
    });

    it('rejects a node with two kinds', () => {
      expect(problemsOf({ and: [{ tag: 'a' }], tag: 'risk:C3' })).toEqual([
        { path: '', rule: 'node_kind', message: 'expression must have exactly one of tag, and, or, not (found tag, and)' },
      ]);
    });

    it('rejects unknown keys on leaves and on operators', () => {
      expect(problemsOf({ and: [{ tag: 'risk:C3', weight: 2 }], label: 'x' })).toEqual([
        { path: 'label', rule: 'unknown_key', message: "unknown key 'label' in expression" },
        { path: 'and[0].weight', rule: 'unknown_key', message: "unknown key 'weight' in and[0]" },
      ]);
      expect(problemsOf({ not: { tag: 'risk:C3' }, within: '7d' })).toEqual([
        { path: 'within', rule: 'unknown_key', message: "unknown key 'within' in expression" },
      ]);
    });

    it('treats an own __proto__ key from JSON as an unknown key', () => {
      expect(problemsOf(JSON.parse('{"tag":"risk:C3","__proto__":{"x":1}}'))[0]).toMatchObject({ path: '__proto__', rule: 'unknown_key' });
    });

    it('rejects wrong types where they are, with the JSON path', () => {
      expect(problemsOf({ and: [{ tag: 'risk:C3' }, { or: [{ tag: 7 }] }] })).toEqual([
        { path: 'and[1].or[0].tag', rule: 'type', message: 'and[1].or[0].tag must be a tag name (a string)' },
      ]);
      expect(problemsOf({ or: { tag: 'risk:C3' } })).toEqual([{ path: 'or', rule: 'type', message: 'or must be an array of expressions' }]);
      expect(problemsOf({ not: [{ tag: 'risk:C3' }] })).toEqual([
        { path: 'not', rule: 'type', message: 'not must be an object with one of tag, and, or, not' },
      ]);
    });
  });

  describe('tags', () => {
    it('rejects an unknown tag', () => {
      expect(problemsOf({ or: [{ tag: 'risk:C3' }, { tag: 'risk:C9' }] })).toEqual([
        { path: 'or[1].tag', rule: 'unknown_tag', message: "unknown tag 'risk:C9'" },
      ]);
    });

    it('rejects an empty tag name as unknown', () => {
      expect(problemsOf({ tag: '' })).toEqual([{ path: 'tag', rule: 'unknown_tag', message: "unknown tag ''" }]);
    });

    it("answers another tenant's inst: tag exactly as a tag that does not exist", () => {
      const foreign = problemsOf({ tag: 'inst:acme:holder' }, betaMarketer);
      const missing = problemsOf({ tag: 'inst:nobody:holder' }, betaMarketer);
      expect(foreign).toEqual([{ path: 'tag', rule: 'unknown_tag', message: "unknown tag 'inst:acme:holder'" }]);
      expect(missing).toEqual([{ path: 'tag', rule: 'unknown_tag', message: "unknown tag 'inst:nobody:holder'" }]);
      validOf({ tag: 'inst:acme:holder' }, acmeMarketer);
      validOf({ tag: 'inst:acme:holder' }, recommender);
    });

    it('cuts a very long tag name in the message', () => {
      const [problem] = problemsOf({ tag: 'x'.repeat(5000) });
      expect(problem.message.length).toBeLessThan(120);
    });
  });

  describe('within and minCount', () => {
    it.each(['30', '30 d', '30D', 'd', '-1d', '1.5d', '030d', ''])('rejects within %j as badly written', (within) => {
      expect(problemsOf({ tag: 'active', within })).toEqual([
        { path: 'within', rule: 'within_format', message: 'within must be a whole number of days written like "30d"' },
      ]);
    });

    it.each([30, null, true])('rejects a non-string within %j', (within) => {
      expect(problemsOf({ tag: 'active', within })[0]).toMatchObject({ path: 'within', rule: 'within_format' });
    });

    it.each([['0d', 0], ['401d', 401], ['99999d', 99999]])('rejects within %s as out of range', (within, days) => {
      expect(problemsOf({ tag: 'active', within })).toEqual([
        { path: 'within', rule: 'within_range', message: `within must be 1 to 400 days; it is ${days}` },
      ]);
    });

    it.each([['3', 'type'], [1.5, 'type'], [null, 'type'], [0, 'min_count_range'], [-2, 'min_count_range'], [2 ** 53, 'min_count_range']])(
      'rejects minCount %j (%s)',
      (minCount, rule) => {
        expect(problemsOf({ tag: 'viewed:gold', minCount })).toEqual([expect.objectContaining({ path: 'minCount', rule })]);
      },
    );

    it('rejects within and minCount on a state tag, each where it is', () => {
      expect(problemsOf({ and: [{ tag: 'risk:C3', within: '30d', minCount: 2 }] })).toEqual([
        { path: 'and[0].within', rule: 'activity_only', message: "within applies to activity tags only; 'risk:C3' is a state tag" },
        { path: 'and[0].minCount', rule: 'activity_only', message: "minCount applies to activity tags only; 'risk:C3' is a state tag" },
      ]);
    });

    it('rejects qualifiers on a macro', () => {
      expect(problemsOf({ tag: 'lifecycle:active', within: '7d' })).toEqual([
        { path: 'within', rule: 'activity_only', message: "within applies to activity tags only; 'lifecycle:active' is a macro" },
      ]);
    });

    it('reports a badly written within on an unknown tag without guessing its kind', () => {
      expect(problemsOf({ tag: 'nope', within: '7' }).map((p) => p.rule)).toEqual(['unknown_tag', 'within_format']);
    });

    it('gives the deep path of the contract example of a location', () => {
      const input = { and: [{ tag: 'active' }, { or: [{ tag: 'holder:gold', within: '7d' }] }] };
      expect(problemsOf(input)).toEqual([
        { path: 'and[1].or[0].within', rule: 'activity_only', message: "within applies to activity tags only; 'holder:gold' is a state tag" },
      ]);
    });
  });

  describe('limits', () => {
    it('rejects an empty and, and an or with more than 32 children', () => {
      expect(problemsOf({ and: [] })).toEqual([{ path: 'and', rule: 'children_count', message: 'and must have 1 to 32 children; it has 0' }]);
      expect(problemsOf({ not: { or: leaves(33) } })).toEqual([
        { path: 'not.or', rule: 'children_count', message: 'not.or must have 1 to 32 children; it has 33' },
      ]);
    });

    it('does not walk the children of an oversized and', () => {
      const problems = problemsOf({ and: Array.from({ length: 10_000 }, () => ({ tag: 'nope' })) });
      expect(problems.map((p) => p.rule)).toEqual(['children_count']);
    });

    it('rejects depth 9 once, at the first node past the limit', () => {
      expect(problemsOf(nest(9))).toEqual([
        { path: 'not.not.not.not.not.not.not.not', rule: 'max_depth', message: 'not.not.not.not.not.not.not.not is nested deeper than 8 levels' },
      ]);
      const twoDeep = { and: [nest(8), nest(8)] };
      expect(problemsOf(twoDeep).map((p) => p.rule)).toEqual(['max_depth']);
    });

    it('stops at the depth limit on absurdly deep input', () => {
      expect(problemsOf(nest(100_000)).map((p) => p.rule)).toEqual(['max_depth']);
    });

    it('rejects 65 leaves, counting every leaf in the tree', () => {
      expect(problemsOf({ and: [{ or: leaves(32) }, { or: leaves(32) }, { tag: 'active' }] })).toEqual([
        { path: '', rule: 'max_leaves', message: 'expression has 65 tag leaves; at most 64 are allowed' },
      ]);
    });

    it('caps the number of problems reported', () => {
      const input = { and: Array.from({ length: 32 }, () => ({ or: Array.from({ length: 32 }, () => ({ tag: 'nope', x: 1 })) })) };
      expect(problemsOf(input)).toHaveLength(50);
    });
  });

  it('collects every problem, in document order', () => {
    const input = { and: [{ tag: 'risk:C9' }, { tag: 'active', within: '0d' }, { or: [] }] };
    expect(problemsOf(input).map((p) => `${p.path}:${p.rule}`)).toEqual([
      'and[0].tag:unknown_tag',
      'and[1].within:within_range',
      'and[2].or:children_count',
    ]);
  });

  it('prefixes every path and message with the given base path', () => {
    const result = validateExpression({ and: [{ tag: 'risk:C9' }] }, testTagResolver, acmeMarketer, { path: 'expression' });
    expect(result.ok ? [] : result.problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'expression.and[0].tag', message: "unknown tag 'risk:C9'" },
    ]);
  });
});
