import { Expr, isAndNode, isNotNode, isOrNode, TagLeaf } from '../expression.types';
import { isKeyword } from './parse-expression-text';

const PRINTABLE_TAG = /^[A-Za-z0-9_:-]+$/;

/**
 * Prints the canonical text form: upper-case keywords, single spaces, qualifiers
 * as `[Nd, >=N]`, and parentheses around every `and`/`or` that is an operand of
 * another operator (needed for `or` inside `and`, kept for `and` inside `or` so
 * the grouping is visible). `parseExpressionText(printExpressionText(e))` deep-equals
 * `e` for every expression whose `and`/`or` nodes have at least two children: the
 * text form has no spelling for a one-child `and`/`or`, so that node prints as its
 * only child, which means the same.
 */
export function printExpressionText(expr: Expr): string {
  if (isAndNode(expr)) return printJunction(expr.and, 'AND');
  if (isOrNode(expr)) return printJunction(expr.or, 'OR');
  if (isNotNode(expr)) return `NOT ${printOperand(expr.not)}`;
  return printLeaf(expr);
}

function printJunction(children: readonly Expr[], keyword: string): string {
  if (children.length === 1) return printExpressionText(children[0]);
  return children.map(printOperand).join(` ${keyword} `);
}

function printOperand(expr: Expr): string {
  const shown = unwrapSingleChild(expr);
  const compound = isAndNode(shown) || isOrNode(shown);
  return compound ? `(${printExpressionText(shown)})` : printExpressionText(shown);
}

/** The node a one-child `and`/`or` chain stands for, so parentheses are decided on what is printed. */
function unwrapSingleChild(expr: Expr): Expr {
  let current = expr;
  for (;;) {
    if (isAndNode(current) && current.and.length === 1) current = current.and[0];
    else if (isOrNode(current) && current.or.length === 1) current = current.or[0];
    else return current;
  }
}

function printLeaf(leaf: TagLeaf): string {
  if (!PRINTABLE_TAG.test(leaf.tag) || isKeyword(leaf.tag)) {
    throw new Error(`tag name ${JSON.stringify(leaf.tag)} has no text spelling`);
  }
  const qualifiers = [
    ...(leaf.within !== undefined ? [leaf.within] : []),
    ...(leaf.minCount !== undefined ? [`>=${leaf.minCount}`] : []),
  ];
  return qualifiers.length === 0 ? leaf.tag : `${leaf.tag}[${qualifiers.join(', ')}]`;
}
