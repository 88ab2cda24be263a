/**
 * Audit records live in append-only streams per scope and UTC day:
 * `audit-tenant.<tenant>-<yyyy-mm-dd>` for answers to a tenant's marketer and
 * `audit-platform-<yyyy-mm-dd>` for the platform's own roles. `.` cannot occur
 * in a tenant id, so no tenant's stream can be mistaken for the platform's.
 * Day streams keep each stream short and let retention act per day.
 */
export const AUDIT_STREAM_PREFIX = 'audit-';

export function auditStreamName(tenant: string | undefined, at: Date): string {
  const day = at.toISOString().slice(0, 10);
  return tenant ? `${AUDIT_STREAM_PREFIX}tenant.${tenant}-${day}` : `${AUDIT_STREAM_PREFIX}platform-${day}`;
}

/** Erasures are recorded in one stream, by keyed hash of the user id only. */
export const ERASURES_STREAM = 'compliance-erasures';
