import { createHash } from 'node:crypto';
import { Expr, isAndNode, isNotNode, isOrNode } from './expression.types';

/**
 * The normalised form: the same expression with the spellings that carry no
 * meaning removed: `minCount: 1` (the default) is dropped, a one-child
 * `and`/`or` is replaced by its child, and `within` is written without leading
 * zeros. Child order and grouping are kept: two expressions with the same
 * normalised form mean the same, not the other way round.
 */
export function normaliseExpression(expr: Expr): Expr {
  if (isAndNode(expr)) return expr.and.length === 1 ? normaliseExpression(expr.and[0]) : { and: expr.and.map(normaliseExpression) };
  if (isOrNode(expr)) return expr.or.length === 1 ? normaliseExpression(expr.or[0]) : { or: expr.or.map(normaliseExpression) };
  if (isNotNode(expr)) return { not: normaliseExpression(expr.not) };
  return {
    tag: expr.tag,
    ...(expr.within !== undefined ? { within: expr.within.replace(/^0+(?=[0-9])/, '') } : {}),
    ...(expr.minCount !== undefined && expr.minCount !== 1 ? { minCount: expr.minCount } : {}),
  };
}

/** JSON of the normalised form with object keys sorted, so key order in the input never changes it. */
export function canonicalExpressionJson(expr: Expr): string {
  return stringifySorted(normaliseExpression(expr));
}

/** Hex sha256 of the canonical JSON (64 characters); the audit log records it to name a definition. */
export function canonicalExpressionHash(expr: Expr): string {
  return createHash('sha256').update(canonicalExpressionJson(expr), 'utf8').digest('hex');
}

function stringifySorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stringifySorted).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stringifySorted((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
