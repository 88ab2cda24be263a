import { Expr, isAndNode, isNotNode, isOrNode, printExpressionText, TagLeaf } from './expression-engine';

/** What changed between two versions of a segment: conditions added and removed, and both texts. */
export interface VersionDiff {
  before: string;
  after: string;
  added: string[];
  removed: string[];
  same: boolean;
}

/**
 * Conditions are compared as printed leaves with their polarity (`NOT x` is a
 * different condition from `x`), counted with multiplicity, so moving a leaf
 * into another group shows as no added or removed condition while the texts
 * still show the regrouping.
 */
export function diffVersions(before: Expr | undefined, after: Expr): VersionDiff {
  const beforeText = before ? printExpressionText(before) : '';
  const afterText = printExpressionText(after);
  const old = before ? conditions(before) : [];
  const next = conditions(after);
  return {
    before: beforeText,
    after: afterText,
    added: subtract(next, old),
    removed: subtract(old, next),
    same: beforeText === afterText,
  };
}

function conditions(expr: Expr, negated = false): string[] {
  if (isAndNode(expr)) return expr.and.flatMap((child) => conditions(child, negated));
  if (isOrNode(expr)) return expr.or.flatMap((child) => conditions(child, negated));
  if (isNotNode(expr)) return conditions(expr.not, !negated);
  const leaf = printExpressionText(expr as TagLeaf);
  return [negated ? `NOT ${leaf}` : leaf];
}

function subtract(from: string[], remove: string[]): string[] {
  const left = [...remove];
  return from.filter((item) => {
    const at = left.indexOf(item);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}
