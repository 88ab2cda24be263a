import { FieldProblem } from '@tagstream/common';

/**
 * One thing wrong with an expression. `path` is a JSON path inside the
 * expression (`and[1].or[0].within`, `''` for the expression itself) or `text`
 * for the text form, which then also carries the 0-based character `offset`.
 */
export interface ExpressionProblem extends FieldProblem {
  offset?: number;
  /** Text form only: what the parser would have accepted at `offset`. */
  expected?: string[];
}

/** Stable rule codes, so clients and tests can tell problems apart without parsing messages. */
export const ExpressionRule = {
  type: 'type',
  nodeKind: 'node_kind',
  unknownKey: 'unknown_key',
  unknownTag: 'unknown_tag',
  withinFormat: 'within_format',
  withinRange: 'within_range',
  minCountRange: 'min_count_range',
  activityOnly: 'activity_only',
  childrenCount: 'children_count',
  maxDepth: 'max_depth',
  maxLeaves: 'max_leaves',
  syntax: 'syntax',
  maxLength: 'max_length',
} as const;

export type ExpressionRuleCode = (typeof ExpressionRule)[keyof typeof ExpressionRule];

export function joinKey(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

export function joinIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** Echoes caller input in a message without letting it grow the message unboundedly. */
export function quoteName(name: string, max = 80): string {
  const cut = name.length > max ? `${name.slice(0, max)}…` : name;
  return `'${cut}'`;
}
