import { ValidationFailedError } from '@tagstream/common';

/** Where a page of audit records ends: records are listed newest first, by (at, recordId). */
export interface AuditCursor {
  readonly at: string;
  readonly recordId: string;
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.recordId])).toString('base64url');
}

export function decodeCursor(raw: string): AuditCursor {
  try {
    const [at, recordId] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof recordId === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(at)) return { at, recordId };
  } catch {
    // reported below
  }
  throw new ValidationFailedError('cursor is not one this service issued', [
    { path: 'cursor', rule: 'cursor', message: 'cursor must be the nextCursor of a previous page' },
  ]);
}
