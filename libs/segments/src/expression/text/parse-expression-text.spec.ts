import { ExpressionSyntaxError } from './expression-syntax-error';
import { parseExpressionText, parseExpressionTextWithSources } from './parse-expression-text';
import { MAX_TEXT_NESTING } from '../expression.limits';

function syntaxErrorOf(text: string): ExpressionSyntaxError {
  try {
    parseExpressionText(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parseExpressionText', () => {
  it('parses the example of docs/contract.md §5', () => {
    expect(parseExpressionText('risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active')).toStrictEqual({
      and: [
        { tag: 'risk:C3' },
        { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
        { not: { tag: 'dca:active' } },
      ],
    });
  });

  it('parses a lone tag to a leaf', () => {
    expect(parseExpressionText('  active ')).toStrictEqual({ tag: 'active' });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseExpressionText('a OR NOT b AND c')).toStrictEqual({
      or: [{ tag: 'a' }, { and: [{ not: { tag: 'b' } }, { tag: 'c' }] }],
    });
    expect(parseExpressionText('a AND b OR c AND d')).toStrictEqual({
      or: [{ and: [{ tag: 'a' }, { tag: 'b' }] }, { and: [{ tag: 'c' }, { tag: 'd' }] }],
    });
  });

  it('lets parentheses override precedence and keeps their nesting', () => {
    expect(parseExpressionText('(a OR b) AND c')).toStrictEqual({
      and: [{ or: [{ tag: 'a' }, { tag: 'b' }] }, { tag: 'c' }],
    });
    expect(parseExpressionText('a AND (b AND c)')).toStrictEqual({
      and: [{ tag: 'a' }, { and: [{ tag: 'b' }, { tag: 'c' }] }],
    });
    expect(parseExpressionText('((a))')).toStrictEqual({ tag: 'a' });
  });

  it('makes one n-ary node of a chain of the same operator', () => {
    expect(parseExpressionText('a OR b OR c')).toStrictEqual({ or: [{ tag: 'a' }, { tag: 'b' }, { tag: 'c' }] });
  });

  it('applies NOT to a NOT and to a parenthesised group', () => {
    expect(parseExpressionText('NOT NOT a')).toStrictEqual({ not: { not: { tag: 'a' } } });
    expect(parseExpressionText('NOT (a OR b)')).toStrictEqual({ not: { or: [{ tag: 'a' }, { tag: 'b' }] } });
  });

  it('reads keywords in any case and keeps tag names as written', () => {
    expect(parseExpressionText('risk:C3 and Not holder:gold oR dca:active')).toStrictEqual({
      or: [{ and: [{ tag: 'risk:C3' }, { not: { tag: 'holder:gold' } }] }, { tag: 'dca:active' }],
    });
  });

  it('reads institution tags with hyphens and underscores', () => {
    expect(parseExpressionText('inst:fund-co_1:holder AND inst:abc:engaged[7d]')).toStrictEqual({
      and: [{ tag: 'inst:fund-co_1:holder' }, { tag: 'inst:abc:engaged', within: '7d' }],
    });
  });

  it.each([
    ['viewed:gold[30d]', { tag: 'viewed:gold', within: '30d' }],
    ['viewed:gold[>=3]', { tag: 'viewed:gold', minCount: 3 }],
    ['viewed:gold[30d, >=3]', { tag: 'viewed:gold', within: '30d', minCount: 3 }],
    ['viewed:gold[ >= 3 ,30D ]', { tag: 'viewed:gold', within: '30d', minCount: 3 }],
    ['viewed:gold [007d]', { tag: 'viewed:gold', within: '7d' }],
    ['viewed:gold[>=0]', { tag: 'viewed:gold', minCount: 0 }],
    ['viewed:gold[0d]', { tag: 'viewed:gold', within: '0d' }],
  ])('reads the qualifiers of %s (ranges are checked later, by validation)', (text, expected) => {
    expect(parseExpressionText(text)).toStrictEqual(expected);
  });

  it('accepts tabs and newlines as whitespace', () => {
    expect(parseExpressionText('a\n\tAND\r\nb')).toStrictEqual({ and: [{ tag: 'a' }, { tag: 'b' }] });
  });

  it.each([
    ['', 0, ['a tag name', 'NOT', "'('"], 'end of input'],
    ['   ', 3, ['a tag name', 'NOT', "'('"], 'end of input'],
    ['a AND', 5, ['a tag name', 'NOT', "'('"], 'end of input'],
    ['AND a', 0, ['a tag name', 'NOT', "'('"], 'AND'],
    ['a b', 2, ["'['", 'AND', 'OR', 'end of input'], "'b'"],
    ['a & b', 2, ["'['", 'AND', 'OR', 'end of input'], "'&'"],
    ['(a OR b', 7, ["'['", 'AND', 'OR', "')'"], 'end of input'],
    ['(a OR b[7d]', 11, ['AND', 'OR', "')'"], 'end of input'],
    ['(a OR b))', 8, ['AND', 'OR', 'end of input'], "')'"],
    ['()', 1, ['a tag name', 'NOT', "'('"], "')'"],
    ['a OR NOT', 8, ['a tag name', 'NOT', "'('"], 'end of input'],
    ['x[30d', 5, ["','", "']'"], 'end of input'],
    ['x[]', 2, ['a window like 30d', "'>='"], "']'"],
    ['x[30]', 2, ['a window like 30d', "'>='"], "'30'"],
    ['x[>=]', 4, ['a whole number'], "']'"],
    ['x[>=3d]', 4, ['a whole number'], "'3d'"],
    ['x[>3]', 2, ['a window like 30d', "'>='"], "'>'"],
    ['x[30d >=3]', 6, ["','", "']'"], "'>='"],
    ['x[30d,]', 6, ['a window like 30d', "'>='"], "']'"],
    ['x[7d, 30d]', 6, ["']'"], "'30d'"],
    ['x[>=1, >=2]', 7, ["']'"], "'>='"],
    ['x[7d] [30d]', 6, ['AND', 'OR', 'end of input'], "'['"],
    ['a AND 😀', 6, ['a tag name', 'NOT', "'('"], "'😀'"],
  ])('rejects %j at offset %d, saying what it expected', (text, offset, expected, found) => {
    const error = syntaxErrorOf(text);
    expect(error.offset).toBe(offset);
    expect(error.expected).toEqual(expected);
    expect(error.found).toBe(found);
    expect(error.message).toContain(`at offset ${offset}`);
  });

  it('words the message as "expected … but found …"', () => {
    expect(syntaxErrorOf('a AND').message).toBe("at offset 5: expected a tag name, NOT or '(' but found end of input");
  });

  it('refuses nesting deeper than its bound instead of overflowing the stack', () => {
    const deepParens = `${'('.repeat(MAX_TEXT_NESTING + 1)}a${')'.repeat(MAX_TEXT_NESTING + 1)}`;
    expect(syntaxErrorOf(deepParens).offset).toBe(MAX_TEXT_NESTING);
    const deepNots = `${'NOT '.repeat(MAX_TEXT_NESTING + 1)}a`;
    expect(syntaxErrorOf(deepNots).message).toContain('nested deeper than');
    expect(() => parseExpressionText(`${'('.repeat(MAX_TEXT_NESTING)}a${')'.repeat(MAX_TEXT_NESTING)}`)).not.toThrow();
  });

  it('records where each node and qualifier starts', () => {
    const { expr, sources } = parseExpressionTextWithSources('a OR (b AND NOT c[7d, >=2])');
    const or = expr as { or: [object, { and: [object, { not: object }] }] };
    expect(sources.get(or)).toEqual({ offset: 0, keys: {} });
    expect(sources.get(or.or[0])).toEqual({ offset: 0, keys: { tag: 0 } });
    expect(sources.get(or.or[1])).toEqual({ offset: 6, keys: {} });
    expect(sources.get(or.or[1].and[1])).toEqual({ offset: 12, keys: {} });
    expect(sources.get(or.or[1].and[1].not)).toEqual({ offset: 16, keys: { tag: 16, within: 18, minCount: 22 } });
  });
});
