import { BuilderNode, emptyGroup, fromExpression, GroupNode, toExpression } from './builder-tree';
import { Expr, ExpressionSyntaxError, parseExpressionText, printExpressionText } from './expression-engine';

/** Where the text form stops parsing, with what the parser would have accepted there. */
export interface TextError {
  readonly offset: number;
  readonly expected: readonly string[];
  readonly found: string;
  readonly message: string;
}

/**
 * The builder's two views of one expression. Editing the tree rewrites the
 * text; typing text that parses rebuilds the tree; text that does not parse
 * leaves the tree as it was and records where the text went wrong.
 */
export interface BuilderState {
  readonly tree: GroupNode;
  readonly text: string;
  readonly textError?: TextError;
}

export function initialState(expr?: Expr): BuilderState {
  const tree = fromExpression(expr);
  return { tree, text: textOf(tree) };
}

export function textOf(tree: BuilderNode): string {
  const { expr } = toExpression(tree);
  return expr === undefined ? '' : printExpressionText(expr);
}

export function withTree(tree: GroupNode): BuilderState {
  return { tree, text: textOf(tree) };
}

export function withText(state: BuilderState, text: string): BuilderState {
  if (text.trim() === '') return { tree: emptyGroup('and'), text };
  const parsed = parseText(text);
  if ('error' in parsed) return { tree: state.tree, text, textError: parsed.error };
  return { tree: fromExpression(parsed.expr), text };
}

export function parseText(text: string): { expr: Expr } | { error: TextError } {
  try {
    return { expr: parseExpressionText(text) };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return { error: { offset: error.offset, expected: error.expected, found: error.found, message: error.message } };
  }
}

/** The expression the API gets from the current state: the tree's, since a bad text never replaces it. */
export function currentExpression(state: BuilderState): Expr | undefined {
  return toExpression(state.tree).expr;
}
