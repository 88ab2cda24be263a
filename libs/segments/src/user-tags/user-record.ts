import type { UserLabels } from '../labels/label-queries';

/** One (tag, UTC day) activity total as ClickHouse holds it. */
export interface DailyCount {
  readonly tag: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly count: number;
}

/** What the serving index keeps of one user: consent, state tags, and daily activity counts from some day on. */
export interface UserLabelSource {
  readonly personalized: boolean;
  readonly state: readonly string[];
  readonly daily: readonly DailyCount[];
}

const MAX_TAG_ID = 0xffff;
const MS_PER_DAY = 86_400_000;

/**
 * Tag names as small integers, so a user's labels pack into a few 32-bit
 * words. Ids are handed out as tags are first seen and never reused; the
 * taxonomy (a few dozen platform tags and four per institution) keeps them far
 * under the 16 bits a record has for them.
 */
export class TagIds {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  idOf(tag: string): number {
    let id = this.ids.get(tag);
    if (id === undefined) {
      if (this.names.length > MAX_TAG_ID) throw new Error(`more than ${MAX_TAG_ID + 1} distinct tags: the serving index cannot number them`);
      id = this.names.length;
      this.ids.set(tag, id);
      this.names.push(tag);
    }
    return id;
  }

  nameOf(id: number): string {
    return this.names[id];
  }
}

/** Days since 1970-01-01 (UTC); 16 bits hold them until 2149. */
export function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY;
}

/**
 * A user's labels as 32-bit words:
 *   word 0: personalized (bit 31) | state tag count (bits 16-30) | activity row count (bits 0-15)
 *   then the state tag ids, two per word (low half first);
 *   then per activity row two words: tag id << 16 | day number, and the count.
 * State tags are kept in name order and activity rows in (tag name, day)
 * order, so decoding gives the order the ClickHouse path answers in.
 */
export function encodeUserLabels(source: UserLabelSource, tags: TagIds): Uint32Array {
  const state = [...source.state].sort();
  const daily = [...source.daily].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (state.length > 0x7fff || daily.length > 0xffff) throw new Error('a user with more labels than a record holds');
  const stateWords = Math.ceil(state.length / 2);
  const words = new Uint32Array(1 + stateWords + daily.length * 2);
  words[0] = ((source.personalized ? 1 : 0) << 31) | (state.length << 16) | daily.length;
  words[0] >>>= 0;
  state.forEach((tag, i) => {
    words[1 + (i >> 1)] |= tags.idOf(tag) << ((i & 1) * 16);
  });
  let at = 1 + stateWords;
  for (const row of daily) {
    words[at++] = ((tags.idOf(row.tag) << 16) | dayNumber(row.day)) >>> 0;
    words[at++] = row.count;
  }
  return words;
}

/**
 * The recommender's view of a record for the windows ending with `asOfDay`:
 * the same as `LabelQueries.userLabels` gives, provided the record holds every
 * day from 89 days before `asOfDay` on. `personalized: false` still carries the
 * tags; the caller withholds them.
 */
export function decodeUserLabels(words: Uint32Array, offset: number, tags: TagIds, asOfDay: string): UserLabels {
  const header = words[offset];
  const personalized = header >>> 31 === 1;
  const stateCount = (header >>> 16) & 0x7fff;
  const dailyCount = header & 0xffff;
  const state: string[] = [];
  for (let i = 0; i < stateCount; i++) state.push(tags.nameOf((words[offset + 1 + (i >> 1)] >>> ((i & 1) * 16)) & 0xffff));
  const to = dayNumber(asOfDay);
  const d7 = to - 6;
  const d30 = to - 29;
  const d90 = to - 89;
  const activity: UserLabels['activity'] = [];
  let current: { tag: string; last7d: number; last30d: number; last90d: number } | undefined;
  let currentId = -1;
  let at = offset + 1 + ((stateCount + 1) >> 1);
  for (let i = 0; i < dailyCount; i++, at += 2) {
    const day = words[at] & 0xffff;
    if (day < d90 || day > to) continue;
    const id = words[at] >>> 16;
    if (id !== currentId) {
      currentId = id;
      current = { tag: tags.nameOf(id), last7d: 0, last30d: 0, last90d: 0 };
      activity.push(current);
    }
    const count = words[at + 1];
    current!.last90d += count;
    if (day >= d30) current!.last30d += count;
    if (day >= d7) current!.last7d += count;
  }
  return { personalized, state, activity };
}
