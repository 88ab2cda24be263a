import { ValidationFailedError } from '@tagstream/common';

/**
 * Opaque page cursor: the snapshot it belongs to and the last member served,
 * base64url JSON. Members are stored in ascending order and never change, so
 * "after this member" names the next page exactly.
 */
export function encodeCursor(snapshotId: string, after: number): string {
  return Buffer.from(JSON.stringify({ s: snapshotId, a: after })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, snapshotId: string): number {
  if (cursor === undefined || cursor === '') return -1;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; a?: unknown };
    if (parsed.s === snapshotId && Number.isInteger(parsed.a) && (parsed.a as number) >= 0) return parsed.a as number;
  } catch {
    // reported below
  }
  throw new ValidationFailedError('cursor is not a cursor of this snapshot', [
    { path: 'cursor', rule: 'cursor', message: 'cursor must be the nextCursor of a previous page of this snapshot' },
  ]);
}
