import { ValidationFailedError } from '@tagstream/common';
import { parseExpressionInput } from './parse-expression-input';
import { ExpressionProblem } from './expression-problem';
import { acmeMarketer, betaMarketer, testTagResolver } from './testing/test-tag-resolver';
import { MAX_TEXT_LENGTH } from './expression.limits';

function failureOf(input: unknown, viewer = acmeMarketer, path?: string): ValidationFailedError {
  try {
    parseExpressionInput(input, testTagResolver, viewer, { path });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function problemsOf(input: unknown, viewer = acmeMarketer, path?: string): ExpressionProblem[] {
  return failureOf(input, viewer, path).problems as ExpressionProblem[];
}

describe('parseExpressionInput', () => {
  const example = {
    and: [
      { tag: 'risk:C3' },
      { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
      { not: { tag: 'dca:active' } },
    ],
  };

  it('accepts the JSON form', () => {
    expect(parseExpressionInput(example, testTagResolver, acmeMarketer)).toStrictEqual(example);
  });

  it('accepts the text form and returns the same JSON form', () => {
    const text = 'risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active';
    expect(parseExpressionInput({ text }, testTagResolver, acmeMarketer)).toStrictEqual(example);
  });

  it('leaves macros for later expansion', () => {
    expect(parseExpressionInput({ text: 'lifecycle:dormant' }, testTagResolver, acmeMarketer)).toStrictEqual({ tag: 'lifecycle:dormant' });
  });

  it('throws a 400 ValidationFailedError with every JSON problem', () => {
    const error = failureOf({ and: [{ tag: 'risk:C9' }, { tag: 'risk:C3', within: '7d' }] });
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe("invalid expression: unknown tag 'risk:C9' (and 1 more)");
    expect(error.problems).toEqual([
      { path: 'and[0].tag', rule: 'unknown_tag', message: "unknown tag 'risk:C9'" },
      { path: 'and[1].within', rule: 'activity_only', message: "within applies to activity tags only; 'risk:C3' is a state tag" },
    ]);
  });

  it('reports a syntax error at path text with its offset and what was expected', () => {
    expect(problemsOf({ text: 'risk:C3 AND (holder:gold OR' })).toEqual([
      {
        path: 'text',
        rule: 'syntax',
        message: "syntax error at offset 27: expected a tag name, NOT or '(' but found end of input",
        offset: 27,
        expected: ['a tag name', 'NOT', "'('"],
      },
    ]);
  });

  it('points a taxonomy problem in the text at the tag or the qualifier', () => {
    const text = 'risk:C3 AND (holder:gold[30d] OR risk:C9)';
    expect(problemsOf({ text })).toEqual([
      {
        path: 'text',
        rule: 'activity_only',
        message: "at offset 25: within applies to activity tags only; 'holder:gold' is a state tag",
        offset: 25,
      },
      { path: 'text', rule: 'unknown_tag', message: "at offset 33: unknown tag 'risk:C9'", offset: 33 },
    ]);
    expect(text.slice(25, 28)).toBe('30d');
    expect(text.slice(33, 40)).toBe('risk:C9');
  });

  it('points a range problem at the qualifier', () => {
    expect(problemsOf({ text: 'active[401d] OR viewed:gold[7d, >=0]' }).map((p) => [p.rule, p.offset])).toEqual([
      ['within_range', 7],
      ['min_count_range', 32],
    ]);
  });

  it('points a limit problem at the node that breaks it', () => {
    const text = `active OR ${'NOT '.repeat(8)}risk:C1`;
    expect(problemsOf({ text })).toEqual([
      expect.objectContaining({ path: 'text', rule: 'max_depth', offset: 'active OR '.length + 4 * 7 }),
    ]);
    const tooWide = Array.from({ length: 33 }, () => 'risk:C1').join(' OR ');
    expect(problemsOf({ text: `active AND (${tooWide})` })).toEqual([
      expect.objectContaining({ path: 'text', rule: 'children_count', offset: 12 }),
    ]);
    const tooMany = Array.from({ length: 3 }, () => `(${Array.from({ length: 22 }, () => 'risk:C1').join(' OR ')})`).join(' AND ');
    expect(problemsOf({ text: tooMany })).toEqual([expect.objectContaining({ rule: 'max_leaves', offset: 0 })]);
  });

  it("does not tell another tenant's inst: tag from a missing one in the text form either", () => {
    expect(problemsOf({ text: 'inst:acme:holder' }, betaMarketer)).toEqual(problemsOf({ text: 'inst:zzzz:holder' }, betaMarketer).map((p) => ({ ...p, message: p.message.replace('zzzz', 'acme') })));
  });

  it('rejects a text form with other keys, a non-string text, and a text too long', () => {
    expect(problemsOf({ text: 'active', and: [] })).toEqual([expect.objectContaining({ path: 'and', rule: 'unknown_key' })]);
    expect(problemsOf({ text: 42 })).toEqual([{ path: 'text', rule: 'type', message: 'text must be a string' }]);
    expect(problemsOf({ text: 'a'.repeat(MAX_TEXT_LENGTH + 1) })).toEqual([expect.objectContaining({ path: 'text', rule: 'max_length' })]);
  });

  it('prefixes paths with where the expression sits in the request', () => {
    expect(problemsOf({ text: 'AND' }, acmeMarketer, 'expression')[0]).toMatchObject({ path: 'expression.text', offset: 0 });
    expect(problemsOf({ not: { tag: 'x' } }, acmeMarketer, 'expression')[0]).toMatchObject({ path: 'expression.not.tag' });
    expect(problemsOf('risk:C3', acmeMarketer, 'expression')[0]).toMatchObject({ path: 'expression', rule: 'type' });
  });
});

describe('parseExpressionInput, edges', () => {
  const myMacros = new Map([['my:macro', { tag: 'active' }]]);

  it('hands its macro table to the validation of either form', () => {
    expect(parseExpressionInput({ tag: 'my:macro' }, testTagResolver, acmeMarketer, { macros: myMacros })).toStrictEqual({ tag: 'my:macro' });
    expect(parseExpressionInput({ text: 'my:macro' }, testTagResolver, acmeMarketer, { macros: myMacros })).toStrictEqual({ tag: 'my:macro' });
    expect(problemsOf({ tag: 'my:macro' })).toEqual([expect.objectContaining({ rule: 'unknown_tag' })]);
    expect(problemsOf({ text: 'my:macro' })).toEqual([expect.objectContaining({ rule: 'unknown_tag' })]);
  });

  it.each([null, [], ['active'], 'active', 7])('refuses %j as an expression of the wrong type', (input) => {
    expect(problemsOf(input)).toEqual([expect.objectContaining({ path: '', rule: 'type' })]);
  });

  it('reads an object with an inherited text as the JSON form', () => {
    const problems = problemsOf(Object.create({ text: 'active' }));
    expect(problems.map((p) => p.path)).not.toContain('text');
  });

  it('lists every key next to text, each cut to 80 characters', () => {
    const long = 'k'.repeat(100);
    const error = failureOf({ text: 'active', or: [], [long]: 1 }, acmeMarketer, 'expression');
    expect(error.problems).toEqual([
      { path: 'expression.or', rule: 'unknown_key', message: `unknown key 'or' next to text; an expression is either { "text": "…" } or the JSON form` },
      {
        path: `expression.${long}`,
        rule: 'unknown_key',
        message: `unknown key '${'k'.repeat(80)}' next to text; an expression is either { "text": "…" } or the JSON form`,
      },
    ]);
    expect(error.message).toBe(`invalid expression: unknown key 'or' next to text; an expression is either { "text": "…" } or the JSON form (and 1 more)`);
  });

  it('takes a text of exactly the longest length and refuses one character more, saying both lengths', () => {
    const padded = `active${' '.repeat(MAX_TEXT_LENGTH - 'active'.length)}`;
    expect(parseExpressionInput({ text: padded }, testTagResolver, acmeMarketer)).toStrictEqual({ tag: 'active' });
    expect(problemsOf({ text: `${padded} ` })).toEqual([
      { path: 'text', rule: 'max_length', message: `text is ${MAX_TEXT_LENGTH + 1} characters long; at most ${MAX_TEXT_LENGTH} are allowed` },
    ]);
  });

  it('says what is wrong in the error message, with no count when there is one problem', () => {
    expect(failureOf({ text: 'risk:C3 AND' }).message).toBe("invalid expression: syntax error at offset 11: expected a tag name, NOT or '(' but found end of input");
    expect(failureOf({ text: 'risk:C9' }).message).toBe("invalid expression: at offset 0: unknown tag 'risk:C9'");
    expect(failureOf({ tag: 'risk:C9' }).message).toBe("invalid expression: unknown tag 'risk:C9'");
  });

  it('points a problem of a later leaf at that leaf, not the start', () => {
    expect(problemsOf({ text: 'active OR risk:C9' })).toEqual([{ path: 'text', rule: 'unknown_tag', message: "at offset 10: unknown tag 'risk:C9'", offset: 10 }]);
  });
});
