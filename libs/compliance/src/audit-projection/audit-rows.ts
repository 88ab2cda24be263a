import type { StoredEvent } from '@tagstream/eventstore';
import {
  EXPOSURE_RECORDED,
  EXPOSURE_SUBJECTS_RECORDED,
  ExposureRecordedData,
  ExposureSubjectContext,
  ExposureSubjectsRecordedData,
} from '../audit/exposure-record';

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
    if (event.type === EXPOSURE_RECORDED) {
      const data = event.data as ExposureRecordedData;
      rows.records.push({
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
      });
      rows.subjects.push(...subjectRows(data, data.subjects ?? [], at, skip));
    } else if (event.type === EXPOSURE_SUBJECTS_RECORDED) {
      const data = event.data as ExposureSubjectsRecordedData;
      rows.subjects.push(...subjectRows(data, data.subjects, at, skip));
    }
  }
  return rows;
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
