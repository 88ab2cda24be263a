import { ApiError } from './api-client';

/**
 * The actions `GET /v1/audit?action=` knows, as of this build. The console
 * cannot import the server's list (libs/compliance pulls Node modules), so
 * it asks the service (`knownAuditActions`) and keeps this copy only for when
 * that question fails; test/console/audit-actions.spec.ts keeps it equal to
 * libs/compliance's `AUDIT_ACTIONS`.
 */
export const BUILT_IN_AUDIT_ACTIONS: readonly string[] = [
  'segment.preview',
  'segment.size',
  'segment.insights',
  'segment.overlap',
  'segment.snapshot',
  'segment.snapshots',
  'snapshot.members',
  'snapshot.members.delivery',
  'user.tags',
  'user.tags.batch',
  'tags.list',
  'compliance.subjects',
  'user.erasure',
  'user.erasure.completed',
];

/**
 * The known actions a 400 for an unknown `action` lists: its problem on
 * `action` says "action must be one of: a, b, c". Undefined for any other
 * error, so the caller falls back to the built-in list.
 */
export function actionsFromRefusal(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const problems = (error.details as { problems?: { path?: string; message?: string }[] } | undefined)?.problems ?? [];
  const message = problems.find((problem) => problem.path === 'action')?.message ?? '';
  const match = /one of:?\s*(.+)$/.exec(message);
  if (!match) return undefined;
  const actions = match[1].split(',').map((action) => action.trim()).filter((action) => /^[a-z][\w.]*$/i.test(action));
  return actions.length > 0 ? actions : undefined;
}
