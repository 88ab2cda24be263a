import { ARTICLE_KINDS, CATEGORIES, FUND_CODE_PATTERN, INSTITUTION_ID_PATTERN, QUESTION_TOPICS, REFERENCE_ID_PATTERN, RISK_LEVELS } from '../vocabulary';

/**
 * The only `data` fields any tag may declare, each with the check a value must
 * pass before a rule sees it. A field missing from this table cannot appear in
 * a lineage (the catalog refuses it), which is how `amount`, `currency` and
 * `region` are kept out by construction.
 */
export type FieldValue = string | number | boolean;
type FieldCheck = (value: unknown) => string | undefined;

const oneOf =
  (values: readonly string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`;

const matching =
  (pattern: RegExp): FieldCheck =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? undefined : `must match ${pattern.source}`;

const flag: FieldCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be a boolean');

const seconds: FieldCheck = (value) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 86_400 ? undefined : 'must be an integer 0–86400';

export const READABLE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  fundCode: matching(FUND_CODE_PATTERN),
  category: oneOf(CATEGORIES),
  institutionId: matching(INSTITUTION_ID_PATTERN),
  full: flag,
  dwellSeconds: seconds,
  level: oneOf(RISK_LEVELS),
  planId: matching(REFERENCE_ID_PATTERN),
  kind: oneOf(ARTICLE_KINDS),
  topic: oneOf(QUESTION_TOPICS),
  personalized: flag,
};

export function isReadableField(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(READABLE_FIELDS, field);
}

/** The problem with a field's value, or undefined when it may be handed to a rule. */
export function checkField(field: string, value: unknown): string | undefined {
  // Own keys only: an inherited name (`isPrototypeOf`, `valueOf`) is no check at all.
  if (!isReadableField(field)) return 'is not a field any tag may read';
  return READABLE_FIELDS[field](value);
}
