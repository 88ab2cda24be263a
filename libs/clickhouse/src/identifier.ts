import { ValidationFailedError } from '@tagstream/common';

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Database and table names cannot be bound as values, so they are checked
 * against a strict pattern before they are placed into SQL text.
 */
export function assertIdentifier(value: string, field: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new ValidationFailedError(`${field} must match ${IDENTIFIER.source}`, [
      { path: field, rule: 'identifier', message: `${JSON.stringify(value)} is not a valid ClickHouse identifier` },
    ]);
  }
  return value;
}

/** A validated identifier, back-quoted for SQL text. */
export function quoteIdentifier(value: string, field: string): string {
  return `\`${assertIdentifier(value, field)}\``;
}
