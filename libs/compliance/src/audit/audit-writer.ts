import { randomUUID } from 'node:crypto';
import { AppError, ServiceUnavailableError } from '@tagstream/common';
import type { EventStore, EventToAppend } from '@tagstream/eventstore';
import { auditStreamName } from './audit-streams';
import {
  EXPOSURE_RECORDED,
  EXPOSURES_RECORDED,
  EXPOSURE_SUBJECTS_RECORDED,
  ExposureRecordedData,
  ExposureRecordInput,
  ExposureSubjectContext,
  ExposureSubjectsRecordedData,
} from './exposure-record';

/** Subjects per event: ~50 KB of JSON, well under EventStoreDB's 1 MiB append limit. */
export const SUBJECTS_PER_EVENT = 5_000;
/** Events per append, so that one append stays far from the limit too. */
const EVENTS_PER_APPEND = 8;
const DEFAULT_TIMEOUT_MS = 5_000;

export interface AuditWriterOptions {
  readonly now: () => Date;
  readonly requestId: () => string | undefined;
  readonly timeoutMs?: number;
}

/**
 * Appends one exposure record (and, for large answers, its further subject
 * chunks) to the day's audit stream. Any failure, a slow store included,
 * becomes a `ServiceUnavailableError`: the caller fails its request rather
 * than answer unaudited.
 */
export class AuditWriter {
  constructor(
    private readonly store: Pick<EventStore, 'append'>,
    private readonly options: AuditWriterOptions,
  ) {}

  async write(input: ExposureRecordInput): Promise<ExposureRecordedData> {
    const at = this.options.now();
    const record = toRecord(input, at, input.requestId ?? this.options.requestId());
    const events = toEvents(record, input.subjects ?? []);
    const stream = auditStreamName(input.principal.tenant, at);
    try {
      for (let i = 0; i < events.length; i += EVENTS_PER_APPEND) {
        await withTimeout(this.store.append(stream, events.slice(i, i + EVENTS_PER_APPEND)), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      }
    } catch (error) {
      throw new ServiceUnavailableError('the audit record could not be written; nothing was released', undefined, {
        cause: error instanceof AppError ? error : new Error(String((error as Error)?.message ?? error)),
      });
    }
    return record;
  }
}

function toRecord(input: ExposureRecordInput, at: Date, requestId: string | undefined): ExposureRecordedData {
  const subjects = input.subjects ?? [];
  return {
    recordId: randomUUID(),
    at: at.toISOString(),
    actor: input.principal.sub,
    role: input.principal.role,
    tenant: input.principal.tenant ?? null,
    action: input.action,
    segmentId: input.segmentId ?? null,
    definitionVersion: input.definitionVersion ?? null,
    expressionHash: input.expressionHash ?? null,
    snapshotId: input.snapshotId ?? null,
    numbers: { ...(input.numbers ?? {}) },
    idsExposed: input.idsExposed ?? subjects.length,
    subjectCount: subjects.length,
    subjects: subjects.slice(0, SUBJECTS_PER_EVENT),
    requestId: requestId ?? null,
    ...(input.refusals && input.refusals.length > 0 ? { refusals: [...input.refusals] } : {}),
  };
}

function toEvents(record: ExposureRecordedData, subjects: readonly number[]): EventToAppend[] {
  const events: EventToAppend[] = [{ id: record.recordId, type: EXPOSURE_RECORDED, data: record, metadata: { schemaVersion: 1 } }];
  for (let i = SUBJECTS_PER_EVENT; i < subjects.length; i += SUBJECTS_PER_EVENT) {
    const data: ExposureSubjectsRecordedData = { ...subjectContext(record), subjects: subjects.slice(i, i + SUBJECTS_PER_EVENT) };
    events.push({ id: randomUUID(), type: EXPOSURE_SUBJECTS_RECORDED, data, metadata: { schemaVersion: 1 } });
  }
  return events;
}

/**
 * The last step of the audit streams' group commit: when an append carries
 * several plain records (and nothing else), they go as one `ExposuresRecorded`
 * event. Every record is kept whole; a lone record stays an `ExposureRecorded`.
 */
export function combineExposures(events: EventToAppend[]): EventToAppend[] {
  if (events.length < 2 || events.some((event) => event.type !== EXPOSURE_RECORDED)) return events;
  const data = { records: events.map((event) => event.data as ExposureRecordedData) };
  return [{ id: randomUUID(), type: EXPOSURES_RECORDED, data, metadata: { schemaVersion: 1 } }];
}

export function subjectContext(record: ExposureRecordedData): ExposureSubjectContext {
  const { recordId, at, actor, tenant, action, segmentId, definitionVersion, snapshotId } = record;
  return { recordId, at, actor, tenant, action, segmentId, definitionVersion, snapshotId };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`audit append took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
