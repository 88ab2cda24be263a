import { decodeStoredEvent, DomainEvent } from '@tagstream/events';
import { activityOf, applyEvent, stateTagsOf, TAXONOMY_VERSION, UnprocessableEventError } from '@tagstream/tagging';
import { ActivityRow, bucketOf, DeadLetter, OPTED_OUT_TAG, StateTagRow, UNIVERSE_TAG, UserRow } from './labels';
import { isAfter, Position, positionColumns } from './position';
import { DayTotal, eventFingerprint, ProjectedUser, pruneActivityWindow, rememberEvent, serializeFoldState, windowStart } from './projected-user';
import { UserEvent } from './source-event';

/** An event decoded (upcast) once, or the reason it cannot be. */
export interface PreparedEvent {
  readonly event: UserEvent;
  readonly decoded?: DomainEvent;
  readonly problem?: { reason: string; field?: string };
}

/** `surrogate|day|tag`: one activity total that lives only in ClickHouse (older than the user's window). */
export type ActivityKey = string;

export function activityKey(surrogate: number, day: string, tag: string): ActivityKey {
  return `${surrogate}|${day}|${tag}`;
}

export interface PreparedBatch {
  readonly events: readonly PreparedEvent[];
  /** Totals to read from ClickHouse before projecting: days before the user's window that the batch counts on. */
  readonly lookups: readonly { surrogate: number; day: string; tag: string }[];
}

export interface BatchOutput {
  readonly users: UserRow[];
  readonly stateTags: StateTagRow[];
  readonly activity: ActivityRow[];
  /** `tag|bucket` pairs whose membership changed. */
  readonly dirty: Set<string>;
  readonly deadLetters: DeadLetter[];
  readonly stats: { applied: number; replayed: number; duplicates: number; deadLettered: number };
}

/** Decodes each event and lists the activity totals the batch needs from ClickHouse. Pure. */
export function prepareBatch(events: readonly UserEvent[], users: ReadonlyMap<number, ProjectedUser>): PreparedBatch {
  const prepared: PreparedEvent[] = [];
  const lookups = new Map<string, { surrogate: number; day: string; tag: string }>();
  for (const event of events) {
    const entry = decode(event);
    prepared.push(entry);
    const user = users.get(event.surrogate);
    const start = windowStart(user?.maxDay ?? null);
    if (!entry.decoded || !start || !user || !isAfter(event.position, user.position)) continue;
    let increments;
    try {
      increments = activityOf(entry.decoded);
    } catch {
      continue; // dead-lettered when projected
    }
    for (const { day, tag } of increments) {
      const key = `${day}|${tag}`;
      if (day < start && !user.activity.has(key)) lookups.set(activityKey(event.surrogate, day, tag), { surrogate: event.surrogate, day, tag });
    }
  }
  return { events: prepared, lookups: [...lookups.values()] };
}

function decode(event: UserEvent): PreparedEvent {
  try {
    return { event, decoded: decodeStoredEvent({ streamId: event.streamId, eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata }) };
  } catch (error) {
    return { event, problem: { reason: `unreadable: ${(error as Error).message}` } };
  }
}

/**
 * Folds a batch into label rows. `users` holds the state of every user in the
 * batch (loaded or new) and is updated in place; `stored` holds the ClickHouse
 * totals `prepareBatch` asked for. Replays (at or before a user's position) and
 * duplicated event ids are skipped, so the rows are the same however often a
 * stretch of `$all` is delivered. Pure apart from mutating `users`.
 */
export function projectBatch(batch: PreparedBatch, users: Map<number, ProjectedUser>, stored: ReadonlyMap<ActivityKey, DayTotal>): BatchOutput {
  const out: BatchOutput = { users: [], stateTags: [], activity: [], dirty: new Set(), deadLetters: [], stats: { applied: 0, replayed: 0, duplicates: 0, deadLettered: 0 } };
  const before = new Map<number, Set<string>>();
  const changedTotals = new Map<string, { user: ProjectedUser; key: string }>();

  for (const prepared of batch.events) {
    const { event } = prepared;
    const user = users.get(event.surrogate);
    if (!user) throw new Error(`no state loaded for surrogate ${event.surrogate}`);
    if (!isAfter(event.position, user.position)) {
      out.stats.replayed++;
      continue;
    }
    if (!before.has(user.surrogate)) before.set(user.surrogate, membership(user));
    const fingerprint = eventFingerprint(event.eventId);
    if (user.recent.includes(fingerprint)) {
      out.stats.duplicates++;
      user.position = event.position;
      continue;
    }
    rememberEvent(user, fingerprint);
    const previousPosition = user.position;
    user.position = event.position;
    try {
      if (!prepared.decoded) throw new UnprocessableEventError(prepared.problem!.reason, prepared.problem!.field);
      const applied = applyEvent(user.tags, prepared.decoded);
      user.tags = applied.state;
      for (const { tag, day } of applied.activity) {
        const key = `${day}|${tag}`;
        const total = user.activity.get(key) ?? stored.get(activityKey(user.surrogate, day, tag));
        if (total && !isAfter(event.position, { commit: total.commit, prepare: total.prepare })) continue;
        user.activity.set(key, { count: (total?.count ?? 0) + 1, commit: event.position.commit, prepare: event.position.prepare });
        changedTotals.set(`${user.surrogate}|${key}`, { user, key });
        if (!user.maxDay || day > user.maxDay) user.maxDay = day;
      }
      out.stats.applied++;
    } catch (error) {
      if (!(error instanceof UnprocessableEventError)) {
        user.position = previousPosition;
        throw error;
      }
      out.deadLetters.push(deadLetter(event, error));
      out.stats.deadLettered++;
    }
  }

  for (const { user, key } of changedTotals.values()) {
    const total = user.activity.get(key)!;
    out.activity.push({ tag: key.slice(11), day: key.slice(0, 10), user: user.surrogate, count: total.count, ...positionColumns(total) });
  }
  for (const [surrogate, previous] of before) emitUser(users.get(surrogate)!, previous, out);
  return out;
}

/** The tags a user's bitmaps hold: state tags plus the reserved universe and opt-out tags. */
function membership(user: ProjectedUser): Set<string> {
  const tags = new Set(user.stateTags);
  if (user.maxDay) tags.add(UNIVERSE_TAG);
  if (!user.tags.personalized) tags.add(OPTED_OUT_TAG);
  return tags;
}

function emitUser(user: ProjectedUser, previous: Set<string>, out: BatchOutput): void {
  user.stateTags = stateTagsOf(user.tags);
  pruneActivityWindow(user);
  const position = user.position as Position;
  const columns = positionColumns(position);
  const current = membership(user);
  const bucket = bucketOf(user.surrogate);
  const changed = (tag: string, present: number) => {
    out.stateTags.push({ tag, bucket, user: user.surrogate, present, ...columns });
    out.dirty.add(`${tag}|${bucket}`);
  };
  for (const tag of current) if (!previous.has(tag)) changed(tag, 1);
  for (const tag of previous) if (!current.has(tag)) changed(tag, 0);
  out.users.push({
    user: user.surrogate,
    state_tags: [...user.stateTags],
    personalized: user.tags.personalized ? 1 : 0,
    fold_state: serializeFoldState(user),
    taxonomy_version: TAXONOMY_VERSION,
    ...columns,
  });
}

function deadLetter(event: UserEvent, error: UnprocessableEventError): DeadLetter {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    type: event.type,
    commit: event.position.commit.toString(),
    prepare: event.position.prepare.toString(),
    reason: error.reason,
    ...(error.field ? { field: error.field } : {}),
  };
}
