import { ClickHouse } from '@tagstream/clickhouse';
import type { Refusal } from '../difference/difference-check';
import { decodeCursor, encodeCursor } from './audit-cursor';

export interface AuditFilter {
  tenant?: string;
  actor?: string;
  action?: string;
  /** Only records in which the difference check withheld a number. */
  refused?: boolean;
  from?: Date;
  to?: Date;
}

export interface AuditRecordView {
  recordId: string;
  at: string;
  actor: string;
  role: string;
  tenant: string | null;
  action: string;
  segmentId: string | null;
  definitionVersion: number | null;
  expressionHash: string | null;
  snapshotId: string | null;
  numbers: Record<string, number | null>;
  idsExposed: number;
  requestId: string | null;
  /** Numbers the difference check withheld, each naming the earlier answer it was checked against. */
  refusals: Refusal[];
}

export interface ExposureDay {
  tenant: string | null;
  action: string;
  day: string;
  records: number;
  idsExposed: number;
}

export interface SubjectExposure {
  at: string;
  tenant: string | null;
  actor: string;
  action: string;
  segmentId: string | null;
  definitionVersion: number | null;
  snapshotId: string | null;
  recordId: string;
}

interface RecordRow {
  record_id: string;
  at_text: string;
  actor: string;
  role: string;
  tenant: string;
  action: string;
  segment_id: string;
  definition_version: number | null;
  expression_hash: string;
  snapshot_id: string;
  numbers: string;
  ids_exposed: string;
  request_id: string;
  refusals: string;
}

/** The auditor's reads over the projected audit tables (migrations 0300, 0301). Values are bound parameters only. */
export class AuditQueries {
  constructor(private readonly ch: ClickHouse) {}

  async records(filter: AuditFilter, page: { cursor?: string; limit: number }): Promise<{ records: AuditRecordView[]; nextCursor: string | null }> {
    const { where, params } = conditions(filter);
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor);
      where.push('(at, record_id) < (toDateTime64({cursorAt:String}, 3, \'UTC\'), {cursorId:String})');
      Object.assign(params, { cursorAt: cursor.at, cursorId: cursor.recordId });
    }
    const rows = await this.ch.query<RecordRow>(
      `SELECT record_id, toString(at) AS at_text, actor, role, tenant, action, segment_id, definition_version, expression_hash,
              snapshot_id, numbers, ids_exposed, request_id, refusals
       FROM audit_records FINAL ${whereClause(where)}
       ORDER BY at DESC, record_id DESC LIMIT {limit:UInt32}`,
      { ...params, limit: page.limit + 1 },
    );
    const more = rows.length > page.limit;
    const shown = rows.slice(0, page.limit);
    const last = shown[shown.length - 1];
    return { records: shown.map(toView), nextCursor: more && last ? encodeCursor({ at: last.at_text, recordId: last.record_id }) : null };
  }

  async exposure(filter: AuditFilter): Promise<ExposureDay[]> {
    const { where, params } = conditions(filter);
    const rows = await this.ch.query<{ tenant: string; action: string; day: string; records: string; ids_exposed: string }>(
      `SELECT tenant, action, toString(toDate(at)) AS day, count() AS records, sum(ids_exposed) AS ids_exposed
       FROM audit_records FINAL ${whereClause(where)}
       GROUP BY tenant, action, day ORDER BY day, tenant, action`,
      params,
    );
    return rows.map((r) => ({ tenant: r.tenant || null, action: r.action, day: r.day, records: Number(r.records), idsExposed: Number(r.ids_exposed) }));
  }

  async subject(surrogate: number): Promise<SubjectExposure[]> {
    const rows = await this.ch.query<{
      at_text: string;
      tenant: string;
      actor: string;
      action: string;
      segment_id: string;
      definition_version: number | null;
      snapshot_id: string;
      record_id: string;
    }>(
      `SELECT toString(at) AS at_text, tenant, actor, action, segment_id, definition_version, snapshot_id, record_id
       FROM audit_subjects FINAL WHERE subject = {subject:UInt32} ORDER BY at, record_id`,
      { subject: surrogate },
    );
    return rows.map((r) => ({
      at: isoOf(r.at_text),
      tenant: r.tenant || null,
      actor: r.actor,
      action: r.action,
      segmentId: r.segment_id || null,
      definitionVersion: r.definition_version,
      snapshotId: r.snapshot_id || null,
      recordId: r.record_id,
    }));
  }
}

function conditions(filter: AuditFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.tenant !== undefined) (where.push('tenant = {tenant:String}'), (params.tenant = filter.tenant));
  if (filter.actor !== undefined) (where.push('actor = {actor:String}'), (params.actor = filter.actor));
  if (filter.action !== undefined) (where.push('action = {action:String}'), (params.action = filter.action));
  if (filter.refused) where.push("refusals != '[]'");
  if (filter.from) (where.push("at >= toDateTime64({from:String}, 3, 'UTC')"), (params.from = toDateTime64(filter.from)));
  if (filter.to) (where.push("at < toDateTime64({to:String}, 3, 'UTC')"), (params.to = toDateTime64(filter.to)));
  return { where, params };
}

function whereClause(where: string[]): string {
  return where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
}

function toView(r: RecordRow): AuditRecordView {
  return {
    recordId: r.record_id,
    at: isoOf(r.at_text),
    actor: r.actor,
    role: r.role,
    tenant: r.tenant || null,
    action: r.action,
    segmentId: r.segment_id || null,
    definitionVersion: r.definition_version,
    expressionHash: r.expression_hash || null,
    snapshotId: r.snapshot_id || null,
    numbers: JSON.parse(r.numbers) as Record<string, number | null>,
    idsExposed: Number(r.ids_exposed),
    requestId: r.request_id || null,
    refusals: JSON.parse(r.refusals || '[]') as Refusal[],
  };
}

function toDateTime64(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function isoOf(dateTime64: string): string {
  return `${dateTime64.replace(' ', 'T')}Z`;
}
