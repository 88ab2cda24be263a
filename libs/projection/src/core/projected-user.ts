import { createHash } from 'node:crypto';
import { initialUserTagState, TAXONOMY_VERSION, UserTagState } from '@tagstream/tagging';
import { Position } from './position';

/** Activity totals are kept in the user's state for this many UTC days back from the latest day seen. */
export const ACTIVITY_WINDOW_DAYS = 7;
/** Fingerprints of this many latest event ids are kept per user to drop a duplicated append. */
export const RECENT_EVENT_IDS = 64;

/** A running total of one (tag, day) and the position of the last event counted in it. */
export interface DayTotal {
  count: number;
  commit: bigint;
  prepare: bigint;
}

/**
 * Everything the projector keeps for one user between batches. Bounded: the
 * tag slices (open positions, follows, plans), the last few days' activity
 * totals and the last few event-id fingerprints.
 */
export interface ProjectedUser {
  readonly surrogate: number;
  /** The last event applied; events at or before it are replays. */
  position: Position | null;
  tags: UserTagState;
  stateTags: readonly string[];
  /** `day|tag` → total, for days within ACTIVITY_WINDOW_DAYS of `maxDay`. */
  activity: Map<string, DayTotal>;
  maxDay: string | null;
  recent: string[];
}

export function newProjectedUser(surrogate: number): ProjectedUser {
  return { surrogate, position: null, tags: initialUserTagState(), stateTags: [], activity: new Map(), maxDay: null, recent: [] };
}

/** 64 bits of an event id's hash: enough to tell a user's recent events apart, useless to look the id up. */
export function eventFingerprint(eventId: string): string {
  return createHash('sha256').update(eventId).digest('hex').slice(0, 16);
}

export function rememberEvent(user: ProjectedUser, fingerprint: string): void {
  user.recent.push(fingerprint);
  if (user.recent.length > RECENT_EVENT_IDS) user.recent.splice(0, user.recent.length - RECENT_EVENT_IDS);
}

/** The first day still kept in the user's activity window, or undefined when everything is kept (no day seen yet). */
export function windowStart(maxDay: string | null): string | undefined {
  if (!maxDay) return undefined;
  const start = new Date(`${maxDay}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (ACTIVITY_WINDOW_DAYS - 1));
  return start.toISOString().slice(0, 10);
}

interface StoredFoldState {
  v: number;
  t: UserTagState;
  a: [string, number, string, string][];
  d: string | null;
  r: string[];
}

/** The `fold_state` column: JSON, with the activity window pruned to ACTIVITY_WINDOW_DAYS. */
export function serializeFoldState(user: ProjectedUser): string {
  const start = windowStart(user.maxDay);
  const activity: StoredFoldState['a'] = [];
  for (const [key, total] of user.activity) {
    if (start && key.slice(0, 10) < start) continue;
    activity.push([key, total.count, total.commit.toString(), total.prepare.toString()]);
  }
  const stored: StoredFoldState = { v: TAXONOMY_VERSION, t: user.tags, a: activity, d: user.maxDay, r: user.recent };
  return JSON.stringify(stored);
}

export function deserializeProjectedUser(surrogate: number, foldState: string, position: Position, stateTags: readonly string[]): ProjectedUser {
  const stored = JSON.parse(foldState) as StoredFoldState;
  if (stored.v !== TAXONOMY_VERSION) {
    throw new Error(`fold state of user ${surrogate} was written by taxonomy ${stored.v}, this is ${TAXONOMY_VERSION}: run projection:rebuild`);
  }
  const activity = new Map<string, DayTotal>(stored.a.map(([key, count, commit, prepare]) => [key, { count, commit: BigInt(commit), prepare: BigInt(prepare) }]));
  return { surrogate, position, tags: stored.t, stateTags: [...stateTags], activity, maxDay: stored.d, recent: stored.r };
}

/** Prunes in memory what the stored form would drop, so the cache stays as bounded as the table. */
export function pruneActivityWindow(user: ProjectedUser): void {
  const start = windowStart(user.maxDay);
  if (!start) return;
  for (const key of user.activity.keys()) if (key.slice(0, 10) < start) user.activity.delete(key);
}
