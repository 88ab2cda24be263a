/** Reserved tags kept next to the taxonomy's state tags; no taxonomy name starts with `~`. */
export const UNIVERSE_TAG = '~universe';
export const OPTED_OUT_TAG = '~opted-out';

/** Per-tag bitmaps are kept per bucket of 2^16 consecutive surrogates. */
export const BUCKET_BITS = 16;

export function bucketOf(surrogate: number): number {
  return surrogate >>> BUCKET_BITS;
}

export interface UserRow {
  user: number;
  state_tags: string[];
  personalized: number;
  fold_state: string;
  taxonomy_version: number;
  commit_position: string;
  prepare_position: string;
}

export interface StateTagRow {
  tag: string;
  bucket: number;
  user: number;
  present: number;
  commit_position: string;
  prepare_position: string;
}

export interface ActivityRow {
  tag: string;
  day: string;
  user: number;
  count: number;
  commit_position: string;
  prepare_position: string;
}

export interface DeadLetter {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly commit: string;
  readonly prepare: string;
  readonly reason: string;
  readonly field?: string;
}
