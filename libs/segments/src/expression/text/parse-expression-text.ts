import { Expr, TagLeaf } from '../expression.types';
import { MAX_TEXT_NESTING } from '../expression.limits';
import { ExpressionSyntaxError } from './expression-syntax-error';
import { Token, tokenize } from './tokenize';

/** Where a parsed node came from: its first character, and that of each qualifier it carries. */
export interface NodeSource {
  readonly offset: number;
  readonly keys: Readonly<Record<string, number>>;
}

export interface ParsedText {
  readonly expr: Expr;
  /** Source offsets per node object of `expr`, so later checks can point into the text. */
  readonly sources: WeakMap<object, NodeSource>;
}

const KEYWORDS = new Set(['and', 'or', 'not']);
const WINDOW_WORD = /^([0-9]+)[dD]$/;
const COUNT_WORD = /^[0-9]+$/;

const START_OF_OPERAND = ['a tag name', 'NOT', "'('"];

/**
 * Grammar (keywords case-insensitive, precedence NOT > AND > OR):
 *
 *   expression := or END
 *   or         := and ( OR and )*
 *   and        := unary ( AND unary )*
 *   unary      := NOT unary | '(' or ')' | leaf
 *   leaf       := TAG ( '[' qualifier ( ',' qualifier )? ']' )?
 *   qualifier  := <n>d | '>=' <n>
 *
 * A chain `a AND b AND c` becomes one n-ary node; parentheses keep their
 * nesting (`a AND (b AND c)` stays two nodes), so printing round-trips.
 */
export function parseExpressionText(text: string): Expr {
  return parseExpressionTextWithSources(text).expr;
}

export function parseExpressionTextWithSources(text: string): ParsedText {
  return new TextParser(tokenize(text)).parseExpression();
}

export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase());
}

function describeToken(token: Token): string {
  if (token.type === 'end') return 'end of input';
  if (token.type === 'word' && isKeyword(token.text)) return token.text.toUpperCase();
  return `'${token.text}'`;
}

class TextParser {
  private position = 0;
  private nesting = 0;
  private readonly sources = new WeakMap<object, NodeSource>();

  constructor(private readonly tokens: readonly Token[]) {}

  parseExpression(): ParsedText {
    const expr = this.parseOr();
    const next = this.peek();
    if (next.type !== 'end') throw this.unexpected(next, this.followers('end of input'));
    return { expr, sources: this.sources };
  }

  private parseOr(): Expr {
    return this.parseChain('or', () => this.parseAnd());
  }

  private parseAnd(): Expr {
    return this.parseChain('and', () => this.parseUnary());
  }

  private parseChain(keyword: 'and' | 'or', operand: () => Expr): Expr {
    const start = this.peek().offset;
    const items = [operand()];
    while (this.atKeyword(keyword)) {
      this.position += 1;
      items.push(operand());
    }
    if (items.length === 1) return items[0];
    const node: Expr = keyword === 'and' ? { and: items } : { or: items };
    return this.located(node, start);
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (this.atKeyword('not')) {
      this.position += 1;
      const child = this.nested(token, () => this.parseUnary());
      return this.located({ not: child }, token.offset);
    }
    if (token.type === 'lparen') {
      this.position += 1;
      const inner = this.nested(token, () => this.parseOr());
      this.expect('rparen', this.followers("')'"));
      return inner;
    }
    if (token.type === 'word' && !isKeyword(token.text)) return this.parseLeaf(token);
    throw this.unexpected(token, START_OF_OPERAND);
  }

  private parseLeaf(tagToken: Token): TagLeaf {
    this.position += 1;
    const keys: Record<string, number> = { tag: tagToken.offset };
    let within: string | undefined;
    let minCount: number | undefined;
    if (this.peek().type === 'lbracket') {
      this.position += 1;
      do {
        const token = this.peek();
        if (token.type === 'word' && WINDOW_WORD.test(token.text)) {
          if (within !== undefined) throw this.duplicate(token, 'a window');
          within = `${stripLeadingZeros(WINDOW_WORD.exec(token.text)![1])}d`;
          keys.within = token.offset;
          this.position += 1;
        } else if (token.type === 'gte') {
          if (minCount !== undefined) throw this.duplicate(token, 'a minimum count');
          this.position += 1;
          const count = this.expect('word', ['a whole number'], COUNT_WORD);
          minCount = Number(count.text);
          keys.minCount = token.offset;
        } else {
          throw this.unexpected(token, ['a window like 30d', "'>='"]);
        }
      } while (this.accept('comma'));
      this.expect('rbracket', ["','", "']'"]);
    }
    const leaf: TagLeaf = {
      tag: tagToken.text,
      ...(within !== undefined ? { within } : {}),
      ...(minCount !== undefined ? { minCount } : {}),
    };
    this.sources.set(leaf, { offset: tagToken.offset, keys });
    return leaf;
  }

  /** What may follow a complete operand, ending with the closer of the current context. */
  private followers(closer: string): string[] {
    const previous = this.tokens[this.position - 1];
    const afterBareTag = previous?.type === 'word' && !isKeyword(previous.text);
    return [...(afterBareTag ? ["'['"] : []), 'AND', 'OR', closer];
  }

  private nested<T>(opener: Token, parse: () => T): T {
    this.nesting += 1;
    if (this.nesting > MAX_TEXT_NESTING) {
      throw new ExpressionSyntaxError(
        opener.offset,
        [],
        describeToken(opener),
        `at offset ${opener.offset}: expression is nested deeper than ${MAX_TEXT_NESTING} levels`,
      );
    }
    const result = parse();
    this.nesting -= 1;
    return result;
  }

  private located<T extends Expr>(node: T, offset: number): T {
    this.sources.set(node, { offset, keys: {} });
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private accept(type: Token['type']): boolean {
    if (this.peek().type !== type) return false;
    this.position += 1;
    return true;
  }

  private expect(type: Token['type'], expected: string[], pattern?: RegExp): Token {
    const token = this.peek();
    if (token.type !== type || (pattern && !pattern.test(token.text))) throw this.unexpected(token, expected);
    this.position += 1;
    return token;
  }

  private unexpected(token: Token, expected: readonly string[]): ExpressionSyntaxError {
    return new ExpressionSyntaxError(token.offset, expected, describeToken(token));
  }

  private duplicate(token: Token, what: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(
      token.offset,
      ["']'"],
      describeToken(token),
      `at offset ${token.offset}: ${what} is given twice; expected ']' but found ${describeToken(token)}`,
    );
  }
}

function stripLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=[0-9])/, '');
}
