/**
 * Tokens of the text form. Words are tag names, keywords and qualifier values
 * alike (`risk:C3`, `AND`, `30d`, `3`); the parser decides which by position,
 * which keeps the tokenizer free of context. A character that starts no token
 * becomes an `invalid` token so the parser can say what it expected instead.
 */
export type TokenType = 'word' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'gte' | 'invalid' | 'end';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  /** 0-based character index of the token's first character. */
  readonly offset: number;
}

/**
 * docs/contract.md §4 spells `risk:C1`…`risk:C5` with a capital letter, so words admit
 * `A-Z` as well as `[a-z0-9_:-]`; tag names stay case-sensitive.
 */
const WORD_CHAR = /[A-Za-z0-9_:-]/;
const WHITESPACE = /\s/;

const PUNCTUATION: Readonly<Record<string, TokenType>> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (WHITESPACE.test(char)) {
      at += 1;
    } else if (WORD_CHAR.test(char)) {
      const start = at;
      while (at < text.length && WORD_CHAR.test(text[at])) at += 1;
      tokens.push({ type: 'word', text: text.slice(start, at), offset: start });
    } else if (char === '>' && text[at + 1] === '=') {
      tokens.push({ type: 'gte', text: '>=', offset: at });
      at += 2;
    } else {
      // Whole code point, so an emoji in the input is echoed back intact in the error.
      const whole = String.fromCodePoint(text.codePointAt(at) ?? 0);
      tokens.push({ type: PUNCTUATION[whole] ?? 'invalid', text: whole, offset: at });
      at += whole.length;
    }
  }
  tokens.push({ type: 'end', text: '', offset: text.length });
  return tokens;
}
