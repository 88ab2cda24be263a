import type { Expr } from '../builder/expression-engine';
import { actionsFromRefusal, BUILT_IN_AUDIT_ACTIONS } from './audit-actions';
import { ApiClient } from './api-client';
import { withLifecycleMacros } from './lifecycle-macros';
import type {
  AuditRecord,
  DemoToken,
  ExposureRow,
  InsightShare,
  LineageAnswer,
  LineageRow,
  Segment,
  SizeAnswer,
  Snapshot,
  SubjectExposure,
  TagInfo,
  WithheldReason,
} from './api-types';

// Every route the console calls, in one place, with the small normalisations
// that let a screen rely on one shape.

type Json = Record<string, unknown>;

function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  for (const key of keys) {
    const value = (body as Json | undefined)?.[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

/** A floored number as the API spells it, either flat or as `{ size|count|value, belowFloor }`. */
export function flooredOf(value: unknown): { value: number | null; belowFloor: boolean; reason?: WithheldReason } {
  if (typeof value === 'number') return { value, belowFloor: false };
  if (value === null || value === undefined) return { value: null, belowFloor: value === null };
  const record = value as Json;
  const number = [record.size, record.count, record.value, record.share].find((v) => typeof v === 'number') as number | undefined;
  return { value: number ?? null, belowFloor: record.belowFloor === true || number === undefined, ...reasonOf(record) };
}

/** The API's reason for a withheld number, when it gives one the console can explain. */
export function reasonOf(record: Json | undefined): { reason?: WithheldReason } {
  return record?.reason === 'difference' ? { reason: 'difference' } : {};
}

export async function fetchDemoTokens(): Promise<DemoToken[]> {
  try {
    const response = await fetch('/console/demo-tokens', { headers: { accept: 'application/json' } });
    if (!response.ok) return [];
    return listOf<DemoToken>(await response.json(), 'tokens');
  } catch {
    return [];
  }
}

/**
 * One cheap, unaudited read per role that the service answers only for a
 * token whose signature it accepts. Roles with no screens are not checked:
 * the console offers them nothing.
 */
export const VERIFY_PATH: Readonly<Record<string, string>> = {
  marketer: '/v1/segments',
  auditor: '/v1/compliance/lineage',
};

export async function verifyToken(token: string, role: string, baseUrl = ''): Promise<void> {
  const path = VERIFY_PATH[role];
  if (path) await new ApiClient(token, baseUrl).raw(path);
}

export async function listTags(api: ApiClient): Promise<{ tags: TagInfo[]; freshness?: SizeAnswer['freshness'] }> {
  const body = await api.json<Json>('/v1/tags');
  const tags = listOf<Json>(body, 'tags', 'items').map((raw): TagInfo => {
    const count = flooredOf(raw.userCount ?? raw.count ?? raw.users ?? raw.size);
    return {
      name: String(raw.name ?? raw.tag),
      kind: String(raw.kind ?? 'state'),
      concrete: raw.concrete !== false,
      description: raw.description as string | undefined,
      lineage: raw.lineage,
      count: count.value,
      belowFloor: count.belowFloor || raw.belowFloor === true,
      ...reasonOf(raw),
    };
  });
  return { tags: withLifecycleMacros(tags), freshness: body?.freshness as SizeAnswer['freshness'] };
}

export function previewSize(api: ApiClient, expression: Expr, asOf: string | undefined, signal?: AbortSignal): Promise<SizeAnswer> {
  return api.json<SizeAnswer>('/v1/segments/preview', { method: 'POST', body: { expression, ...(asOf ? { asOf } : {}) }, signal });
}

export async function listSegments(api: ApiClient): Promise<Segment[]> {
  return listOf<Segment>(await api.json('/v1/segments', { query: { includeArchived: 'true' } }), 'segments', 'items');
}

export function getSegment(api: ApiClient, id: string): Promise<Segment> {
  return api.json<Segment>(`/v1/segments/${encodeURIComponent(id)}`);
}

export function createSegment(api: ApiClient, input: { name: string; description?: string; expression: Expr }): Promise<Segment> {
  return api.json<Segment>('/v1/segments', { method: 'POST', body: input });
}

/**
 * A new version of a stored segment. `expectedVersion` is the version the
 * marketer opened: the API answers 409 when another one has become current
 * since. `description: null` clears it; absent keeps it.
 */
export interface RedefineInput {
  name?: string;
  description?: string | null;
  expression: Expr;
  expectedVersion?: number;
}

export function redefineSegment(api: ApiClient, id: string, input: RedefineInput): Promise<Segment> {
  return api.json<Segment>(`/v1/segments/${encodeURIComponent(id)}`, { method: 'PUT', body: input });
}

export async function archiveSegment(api: ApiClient, id: string): Promise<void> {
  await api.raw(`/v1/segments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function segmentSize(api: ApiClient, id: string): Promise<SizeAnswer> {
  return api.json<SizeAnswer>(`/v1/segments/${encodeURIComponent(id)}/size`);
}

export async function segmentInsights(api: ApiClient, id: string): Promise<{ shares: InsightShare[]; size?: SizeAnswer; freshness?: SizeAnswer['freshness'] }> {
  const body = await api.json<Json>(`/v1/segments/${encodeURIComponent(id)}/insights`);
  const shares = listOf<Json>(body, 'shares', 'insights', 'tags').map((raw): InsightShare => {
    const share = flooredOf(raw.share ?? raw);
    return { tag: String(raw.tag ?? raw.name), share: share.belowFloor ? null : share.value, belowFloor: share.belowFloor, ...reasonOf(raw) };
  });
  return { shares, freshness: body.freshness as SizeAnswer['freshness'] };
}

export interface OverlapAnswer {
  a: { value: number | null; belowFloor: boolean; reason?: WithheldReason };
  b: { value: number | null; belowFloor: boolean; reason?: WithheldReason };
  both: { value: number | null; belowFloor: boolean; reason?: WithheldReason };
  freshness?: SizeAnswer['freshness'];
}

export async function overlap(api: ApiClient, a: string, b: string): Promise<OverlapAnswer> {
  const body = await api.json<Json>('/v1/segments/overlap', { method: 'POST', body: { a: { segmentId: a }, b: { segmentId: b } } });
  return {
    a: flooredOf(body.a),
    b: flooredOf(body.b),
    both: flooredOf(body.both ?? body.aAndB ?? body.intersection),
    freshness: body.freshness as SizeAnswer['freshness'],
  };
}

export function takeSnapshot(api: ApiClient, id: string, productRiskLevel?: string): Promise<Snapshot> {
  return api.json<Snapshot>(`/v1/segments/${encodeURIComponent(id)}/snapshots`, {
    method: 'POST',
    body: productRiskLevel ? { productRiskLevel } : {},
  });
}

/** A segment's snapshots, newest first (`GET /v1/segments/{id}/snapshots`). */
export async function listSnapshots(api: ApiClient, id: string): Promise<Snapshot[]> {
  return listOf<Snapshot>(await api.json(`/v1/segments/${encodeURIComponent(id)}/snapshots`), 'snapshots');
}

const CSV_HEADER = 'id';

/** All members of a snapshot as one CSV text, page by page; `onPage` reports the running row count. */
export async function downloadMembersCsv(api: ApiClient, snapshotId: string, onPage: (rows: number) => void): Promise<{ csv: string; rows: number }> {
  let cursor: string | undefined;
  const lines: string[] = [];
  for (let page = 0; page < 100_000; page += 1) {
    const answer = await api.raw(`/v1/snapshots/${encodeURIComponent(snapshotId)}/members`, {
      query: { format: 'csv', limit: 10_000, cursor },
      accept: 'text/csv',
    });
    const pageLines = answer.text.split(/\r?\n/).filter((line) => line !== '');
    // every CSV page starts with the `id` header; the download keeps one
    if (pageLines[0] === CSV_HEADER) pageLines.shift();
    lines.push(...pageLines);
    onPage(lines.length);
    cursor = nextCursor(answer.headers);
    if (!cursor) break;
  }
  return { csv: [CSV_HEADER, ...lines].join('\n') + '\n', rows: lines.length };
}

function nextCursor(headers: Headers): string | undefined {
  const direct = headers.get('x-next-cursor') ?? headers.get('next-cursor');
  if (direct) return direct;
  const link = headers.get('link');
  const match = link ? /[?&]cursor=([^&>]+)[^>]*>;\s*rel="?next"?/.exec(link) : null;
  return match ? decodeURIComponent(match[1]) : undefined;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  tenant?: string;
  action?: string;
  actor?: string;
  /** Only answers in which the difference check withheld a number. */
  refused?: boolean;
  cursor?: string;
  limit?: number;
}

export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** `from`/`to` are whole UTC days, both included. */
export async function listAudit(api: ApiClient, query: AuditQuery): Promise<{ records: AuditRecord[]; nextCursor?: string; total?: number }> {
  const body = await api.json<Json>('/v1/audit', {
    query: { ...query, refused: query.refused ? 'true' : undefined, to: query.to ? dayAfter(query.to) : undefined } as Record<string, string | number | undefined>,
  });
  return {
    records: listOf<AuditRecord>(body, 'records', 'items'),
    nextCursor: (body.nextCursor ?? body.cursor ?? undefined) as string | undefined,
    total: body.total as number | undefined,
  };
}

/**
 * Every action the audit log can hold, from the service itself: an action
 * no record can have is refused with a 400 that lists the known ones (read
 * access to the audit is not audited). Falls back to the console's own list
 * when the answer is anything else.
 */
export async function knownAuditActions(api: ApiClient): Promise<string[]> {
  try {
    await api.json('/v1/audit', { query: { action: '-', limit: 1 } });
  } catch (error) {
    const listed = actionsFromRefusal(error);
    if (listed) return listed;
  }
  return [...BUILT_IN_AUDIT_ACTIONS];
}

/** `from`/`to` are whole UTC days, both included; the API's `to` is exclusive. */
export async function exposure(api: ApiClient, query: { from?: string; to?: string }): Promise<ExposureRow[]> {
  const body = await api.json<Json>('/v1/compliance/exposure', { query: { from: query.from, to: query.to ? dayAfter(query.to) : undefined } });
  return listOf<Json>(body, 'rows', 'exposure', 'items', 'days').map((raw) => ({
    day: String(raw.day ?? raw.date),
    tenant: raw.tenant === null || raw.tenant === undefined ? '' : String(raw.tenant),
    action: String(raw.action ?? ''),
    count: Number(raw.count ?? raw.records ?? raw.answers ?? 0),
    ids: raw.idsExposed === undefined || raw.idsExposed === null ? undefined : Number(raw.idsExposed),
  }));
}

export async function subjectExposure(api: ApiClient, userId: string): Promise<{ exposures: SubjectExposure[]; erased: boolean; tenants: string[] }> {
  const body = await api.json<Json>(`/v1/compliance/subjects/${encodeURIComponent(userId)}`);
  return { exposures: listOf<SubjectExposure>(body, 'exposures'), erased: body.erased === true, tenants: listOf<string>(body, 'tenants') };
}

export async function lineage(api: ApiClient): Promise<LineageAnswer> {
  const body = await api.json<Json>('/v1/compliance/lineage');
  const rows = listOf<Json>(body, 'tags').map((raw): LineageRow => {
    const { events, fields } = splitLineage(raw.reads ?? raw.lineage, raw);
    return {
      tag: String(raw.tag ?? raw.name),
      kind: raw.kind as string | undefined,
      description: raw.description as string | null | undefined,
      events,
      fields,
      forbiddenFieldsRead: listOf<string>(raw, 'forbiddenFieldsRead'),
    };
  });
  return { rows, forbiddenFields: listOf<string>(body, 'forbiddenFields'), passed: body.passed as boolean | undefined };
}

/** Lineage arrives as `[{ event, field }]`, `['Event.field']` or separate lists; the table shows events and fields. */
export function splitLineage(reads: unknown, raw: Json = {}): { events: string[]; fields: string[] } {
  if (Array.isArray(raw.events) || Array.isArray(raw.fields)) {
    return { events: (raw.events as string[] | undefined) ?? [], fields: (raw.fields as string[] | undefined) ?? [] };
  }
  const events = new Set<string>();
  const fields = new Set<string>();
  for (const item of Array.isArray(reads) ? reads : []) {
    if (typeof item === 'string') {
      const [event, field] = item.includes('.') ? item.split('.', 2) : [item, ''];
      events.add(event);
      if (field) fields.add(item);
    } else if (item && typeof item === 'object') {
      const entry = item as Json;
      const event = String(entry.eventType ?? entry.event ?? entry.type ?? '');
      if (event) events.add(event);
      const entryFields = Array.isArray(entry.fields) ? (entry.fields as string[]) : entry.field ? [String(entry.field)] : [];
      for (const field of entryFields) fields.add(event ? `${event}.${field}` : field);
    }
  }
  return { events: [...events], fields: [...fields] };
}
