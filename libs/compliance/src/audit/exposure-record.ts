import type { Refusal } from '../difference/difference-check';

/** Every kind of answer that exposes labels; each is audited under one of these names. */
export const EXPOSURE_ACTIONS = [
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
] as const;
export type ExposureAction = (typeof EXPOSURE_ACTIONS)[number];

/** Who asked; the verified principal of the request. */
export interface ExposurePrincipal {
  readonly sub: string;
  readonly role: string;
  readonly tenant?: string;
}

/** What the caller of `DisclosureService.audit` says about one answer it is about to send. */
export interface ExposureRecordInput {
  readonly principal: ExposurePrincipal;
  readonly action: ExposureAction | (string & {});
  readonly segmentId?: string;
  readonly definitionVersion?: number;
  readonly expressionHash?: string;
  readonly snapshotId?: string;
  /** The numbers as they leave the service (`null` for below-floor). */
  readonly numbers?: Record<string, number | null>;
  /** How many ids (pseudonymous or platform) the answer carries. */
  readonly idsExposed?: number;
  /** Surrogates of the people whose ids the answer carries, for per-subject exposure. */
  readonly subjects?: readonly number[];
  /** Defaults to the id of the request being served. */
  readonly requestId?: string;
  /** Numbers of the answer the difference check withheld, each with the earlier answer it was checked against. */
  readonly refusals?: readonly Refusal[];
}

/** The stored audit event (`ExposureRecorded`), version 1. Surrogates only, never platform ids. */
export interface ExposureRecordedData {
  readonly recordId: string;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly tenant: string | null;
  readonly action: string;
  readonly segmentId: string | null;
  readonly definitionVersion: number | null;
  readonly expressionHash: string | null;
  readonly snapshotId: string | null;
  readonly numbers: Record<string, number | null>;
  readonly idsExposed: number;
  readonly subjectCount: number;
  /** The first chunk of subjects; the rest follow as `ExposureSubjectsRecorded` events in the same stream. */
  readonly subjects: number[];
  readonly requestId: string | null;
  /** Absent when nothing was withheld (and in records written before the difference check). */
  readonly refusals?: Refusal[];
}

/** What a subject row needs of its record; repeated in every chunk so a chunk projects on its own. */
export type ExposureSubjectContext = Pick<
  ExposureRecordedData,
  'recordId' | 'at' | 'actor' | 'tenant' | 'action' | 'segmentId' | 'definitionVersion' | 'snapshotId'
>;

/** More subjects of one record, when they do not fit in the record event. */
export interface ExposureSubjectsRecordedData extends ExposureSubjectContext {
  readonly subjects: number[];
}

/**
 * Several records that were appended together (group commit), each exactly as
 * an `ExposureRecorded` would hold it. One event instead of one per record:
 * under load the recommender's lookups would otherwise cost the store, the
 * client and the audit projection one event each.
 */
export interface ExposuresRecordedData {
  readonly records: ExposureRecordedData[];
}

export const EXPOSURE_RECORDED = 'ExposureRecorded';
export const EXPOSURES_RECORDED = 'ExposuresRecorded';
export const EXPOSURE_SUBJECTS_RECORDED = 'ExposureSubjectsRecorded';

/** The records an audit event holds: one for `ExposureRecorded`, several for `ExposuresRecorded`, none otherwise. */
export function exposureRecordsIn(event: { type: string; data: unknown }): ExposureRecordedData[] {
  if (event.type === EXPOSURE_RECORDED) return [event.data as ExposureRecordedData];
  if (event.type === EXPOSURES_RECORDED) return (event.data as ExposuresRecordedData).records;
  return [];
}
