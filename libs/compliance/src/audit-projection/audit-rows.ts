import type { StoredEvent } from '@tagstream/eventstore';
import {
  EXPOSURE_SUBJECTS_RECORDED,
  ExposureRecordedData,
  exposureRecordsIn,
  ExposureSubjectContext,
  ExposureSubjectsRecordedData,
} from '../audit/exposure-record';
import { ERASURE_ACTIONS } from '../audit/audit-actions';
import { USER_ERASED, USER_ERASURE_COMPLETED, UserErasedData, UserErasureCompletedData } from '../erasure/erasure-events';

export interface AuditRecordRow {
  record_id: string;
  at: string;
  actor: string;
  role: string;
  tenant: string;
  action: string;
  segment_id: string;
  definition_version: number | null;
  expression_hash: string;
  snapshot_id: string;
  numbers: string;
  ids_exposed: number;
  subject_count: number;
  request_id: string;
  refusals: string;
  commit_position: string;
  prepare_position: string;
}

export interface AuditSubjectRow {
  subject: number;
  record_id: string;
  at: string;
  tenant: string;
  actor: string;
  action: string;
  segment_id: string;
  definition_version: number | null;
  snapshot_id: string;
  commit_position: string;
  prepare_position: string;
}

export interface AuditRows {
  records: AuditRecordRow[];
  subjects: AuditSubjectRow[];
}

/**
 * Rows for a batch of audit events (pure). Subjects in `skip` (erased people)
 * are left out, so a replay of the audit streams never brings them back.
 */
export function toAuditRows(events: readonly StoredEvent[], skip: (surrogate: number) => boolean = () => false): AuditRows {
  const rows: AuditRows = { records: [], subjects: [] };
  for (const event of events) {
    const at = { commit_position: event.position.commit.toString(), prepare_position: event.position.prepare.toString() };
    const records = exposureRecordsIn(event);
    if (records.length > 0) {
      for (const data of records) {
        rows.records.push(recordRow(data, at));
        rows.subjects.push(...subjectRows(data, data.subjects ?? [], at, skip));
      }
    } else if (event.type === EXPOSURE_SUBJECTS_RECORDED) {
      const data = event.data as ExposureSubjectsRecordedData;
      rows.subjects.push(...subjectRows(data, data.subjects, at, skip));
    } else if (event.type === USER_ERASED || event.type === USER_ERASURE_COMPLETED) {
      rows.records.push({ ...erasureRecord(event), ...at });
    }
  }
  return rows;
}

function recordRow(data: ExposureRecordedData, at: { commit_position: string; prepare_position: string }): AuditRecordRow {
  return {
    record_id: data.recordId,
    at: toDateTime64(data.at),
    actor: data.actor,
    role: data.role,
    tenant: data.tenant ?? '',
    action: data.action,
    segment_id: data.segmentId ?? '',
    definition_version: data.definitionVersion ?? null,
    expression_hash: data.expressionHash ?? '',
    snapshot_id: data.snapshotId ?? '',
    numbers: JSON.stringify(data.numbers ?? {}),
    ids_exposed: data.idsExposed,
    subject_count: data.subjectCount,
    request_id: data.requestId ?? '',
    refusals: JSON.stringify(data.refusals ?? []),
    ...at,
  };
}

type ErasureRecordRow = Omit<AuditRecordRow, 'commit_position' | 'prepare_position'>;

/**
 * An erasure event of the `compliance-erasures` stream as an audit record.
 * Like the stream, it names the person by nothing: no id, no hash, no surrogate.
 */
function erasureRecord(event: StoredEvent): ErasureRecordRow {
  const none = { tenant: '', segment_id: '', definition_version: null, expression_hash: '', snapshot_id: '', ids_exposed: 0, subject_count: 0, request_id: '', refusals: '[]' };
  if (event.type === USER_ERASED) {
    const data = event.data as UserErasedData;
    return { record_id: event.id, at: toDateTime64(data.at), actor: data.by, role: 'admin', action: ERASURE_ACTIONS[0], numbers: '{}', ...none };
  }
  const { at, removed } = event.data as UserErasureCompletedData;
  const numbers: Record<string, number> = { events: removed.events, bitmapsRewritten: removed.bitmapsRewritten };
  for (const [table, count] of Object.entries(removed.rows)) numbers[`rows.${table}`] = count;
  // Completion is the service's own work (after the request, or resumed at start-up), not a person's.
  return { record_id: event.id, at: toDateTime64(at), actor: 'tagstream', role: 'system', action: ERASURE_ACTIONS[1], numbers: JSON.stringify(numbers), ...none };
}

function subjectRows(
  context: ExposureSubjectContext,
  subjects: readonly number[],
  at: { commit_position: string; prepare_position: string },
  skip: (surrogate: number) => boolean,
): AuditSubjectRow[] {
  return subjects
    .filter((subject) => !skip(subject))
    .map((subject) => ({
      subject,
      record_id: context.recordId,
      at: toDateTime64(context.at),
      tenant: context.tenant ?? '',
      actor: context.actor,
      action: context.action,
      segment_id: context.segmentId ?? '',
      definition_version: context.definitionVersion ?? null,
      snapshot_id: context.snapshotId ?? '',
      ...at,
    }));
}

/** `2026-11-20T12:00:00.000Z` → `2026-11-20 12:00:00.000`, what DateTime64(3, 'UTC') parses in JSONEachRow. */
export function toDateTime64(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}
