// The browser uses the service's own text parser and printer, so the text a
// marketer types is read exactly as the API reads it. Only these pure modules
// are taken from libs/segments: the rest of that lib needs Node (node:crypto).
export type { Expr, TagLeaf, AndNode, OrNode, NotNode } from '../../../../libs/segments/src/expression/expression.types';
export { isTagLeaf, isAndNode, isOrNode, isNotNode } from '../../../../libs/segments/src/expression/expression.types';
export { parseExpressionText } from '../../../../libs/segments/src/expression/text/parse-expression-text';
export { printExpressionText } from '../../../../libs/segments/src/expression/text/print-expression-text';
export { ExpressionSyntaxError } from '../../../../libs/segments/src/expression/text/expression-syntax-error';
export {
  MAX_CHILDREN,
  MAX_DEPTH,
  MAX_LEAVES,
  MAX_WITHIN_DAYS,
  MIN_WITHIN_DAYS,
} from '../../../../libs/segments/src/expression/expression.limits';
