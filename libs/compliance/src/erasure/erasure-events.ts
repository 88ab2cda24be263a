/** Recorded first, before anything is removed: from then on the projections skip the person. */
export const USER_ERASED = 'UserErased';
/** Recorded when every removal has been done, with what was removed. */
export const USER_ERASURE_COMPLETED = 'UserErasureCompleted';

/** No platform user id in clear: only its keyed hash (`erasureHash`). */
export interface UserErasedData {
  readonly userIdHash: string;
  /** The person's surrogate, so replays of the audit streams can leave them out; null if they had none. */
  readonly surrogate: number | null;
  readonly at: string;
  readonly by: string;
}

export interface ErasureRemoved {
  /** Raw events in the person's stream when it was deleted. */
  readonly events: number;
  readonly streamDeleted: boolean;
  /** ClickHouse rows removed, by table. */
  readonly rows: Record<string, number>;
  /** Tag bitmaps recomputed without the person. */
  readonly bitmapsRewritten: number;
  readonly surrogateMappingDropped: boolean;
}

export interface UserErasureCompletedData {
  readonly userIdHash: string;
  readonly at: string;
  readonly removed: ErasureRemoved;
}
