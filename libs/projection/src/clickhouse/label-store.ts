import { ClickHouse } from '@tagstream/clickhouse';
import { ActivityRow, StateTagRow, UserRow } from '../core/labels';
import { Position, positionColumns, positionFromColumns } from '../core/position';
import { DayTotal, deserializeProjectedUser, ProjectedUser } from '../core/projected-user';
import { ActivityKey, activityKey } from '../core/project-batch';
import { LabelTableNames, LIVE_TABLES } from './label-tables';

export type Stage = 'labels' | 'bitmaps';

export interface Checkpoint {
  readonly position: Position;
  readonly events: number;
  /** Commit time of the last event covered. */
  readonly reachedAt: Date;
}

/** Rows one batch writes, in the order they are written; the checkpoint goes last. */
export interface LabelWrite {
  readonly activity: ActivityRow[];
  readonly stateTags: StateTagRow[];
  readonly users: UserRow[];
  readonly dirty: { tag: string; bucket: number }[];
  readonly checkpoint: Checkpoint;
}

/**
 * Reads and writes one generation of label tables. Table names come from the
 * fixed list in label-tables.ts; every value is a bound parameter.
 */
export class LabelStore {
  constructor(
    readonly ch: ClickHouse,
    readonly tables: LabelTableNames = LIVE_TABLES,
  ) {}

  async write(batch: LabelWrite): Promise<void> {
    const t = this.tables;
    await this.ch.insert(t.label_activity_daily, batch.activity);
    await this.ch.insert(t.label_state_tags, batch.stateTags);
    await this.ch.insert(t.label_users, batch.users);
    const at = positionColumns(batch.checkpoint.position);
    await this.ch.insert(t.label_bitmap_dirty, batch.dirty.map((pair) => ({ ...at, ...pair })));
    await this.writeCheckpoint('labels', batch.checkpoint);
  }

  async writeCheckpoint(stage: Stage, checkpoint: Checkpoint): Promise<void> {
    await this.ch.insert(this.tables.label_checkpoints, [
      {
        stage,
        ...positionColumns(checkpoint.position),
        events: checkpoint.events,
        reached_at: toDateTime64(checkpoint.reachedAt),
        written_at: toDateTime64(new Date()),
      },
    ]);
  }

  async readCheckpoint(stage: Stage): Promise<Checkpoint | undefined> {
    const rows = await this.ch.query<{ commit_position: string; prepare_position: string; events: string; reached_at: string }>(
      `SELECT commit_position, prepare_position, events, reached_at FROM ${this.tables.label_checkpoints} FINAL WHERE stage = {stage:String}`,
      { stage },
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    return { position: positionFromColumns(row), events: Number(row.events), reachedAt: new Date(`${row.reached_at.replace(' ', 'T')}Z`) };
  }

  /** The stored state of the given users; users never projected are absent from the answer. */
  async loadUsers(surrogates: readonly number[]): Promise<Map<number, ProjectedUser>> {
    const found = new Map<number, ProjectedUser>();
    if (surrogates.length === 0) return found;
    const rows = await this.ch.query<{ user: number; state_tags: string[]; fold_state: string; commit_position: string; prepare_position: string }>(
      `SELECT user, argMax(state_tags, commit_position) AS last_tags, argMax(fold_state, commit_position) AS last_state,
              max(commit_position) AS last_commit, argMax(prepare_position, commit_position) AS last_prepare
       FROM ${this.tables.label_users} WHERE user IN {users:Array(UInt32)} GROUP BY user`,
      { users: surrogates },
    ).then((found) => found.map((r: Record<string, unknown>) => ({ user: r.user as number, state_tags: r.last_tags as string[], fold_state: r.last_state as string, commit_position: r.last_commit as string, prepare_position: r.last_prepare as string })));
    for (const row of rows) {
      found.set(Number(row.user), deserializeProjectedUser(Number(row.user), row.fold_state, positionFromColumns(row), row.state_tags));
    }
    return found;
  }

  /** Activity totals older than the users' windows, by key. */
  async loadActivityTotals(keys: readonly { surrogate: number; day: string; tag: string }[]): Promise<Map<ActivityKey, DayTotal>> {
    const found = new Map<ActivityKey, DayTotal>();
    if (keys.length === 0) return found;
    const rows = await this.ch.query<{ tag: string; day: string; user: number; last_count: number; last_commit: string; last_prepare: string }>(
      `SELECT tag, day, user, argMax(count, commit_position) AS last_count, max(commit_position) AS last_commit,
              argMax(prepare_position, commit_position) AS last_prepare
       FROM ${this.tables.label_activity_daily}
       WHERE (tag, day, user) IN (SELECT tupleElement(k, 1), tupleElement(k, 2), tupleElement(k, 3)
                                  FROM (SELECT arrayJoin(arrayZip({tags:Array(String)}, {days:Array(Date)}, {users:Array(UInt32)})) AS k))
       GROUP BY tag, day, user`,
      { tags: keys.map((k) => k.tag), days: keys.map((k) => k.day), users: keys.map((k) => k.surrogate) },
    );
    for (const row of rows) {
      found.set(activityKey(Number(row.user), row.day, row.tag), { count: Number(row.last_count), commit: BigInt(row.last_commit), prepare: BigInt(row.last_prepare) });
    }
    return found;
  }

  /** Pairs whose membership changed after `after` up to and including `upTo`. */
  async dirtyPairs(after: Position | undefined, upTo: Position): Promise<{ tag: string; bucket: number }[]> {
    return this.ch.query<{ tag: string; bucket: number }>(
      `SELECT DISTINCT tag, bucket FROM ${this.tables.label_bitmap_dirty}
       WHERE commit_position > {after:Int64} AND commit_position <= {upTo:UInt64}`,
      { after: after ? after.commit.toString() : '-1', upTo: upTo.commit.toString() },
    );
  }

  /** Recomputes the bitmaps of the given pairs from the latest membership rows (users who lost a tag drop out). */
  async refreshBitmaps(pairs: readonly { tag: string; bucket: number }[], at: Position): Promise<void> {
    const t = this.tables;
    for (let i = 0; i < pairs.length; i += 500) {
      const chunk = pairs.slice(i, i + 500);
      await this.ch.command(
        `INSERT INTO ${t.label_tag_bitmaps} (tag, bucket, users, cardinality, commit_position, prepare_position)
         SELECT tag, bucket, groupBitmapStateIf(user, present = 1), countIf(present = 1), {commit:UInt64}, {prepare:UInt64}
         FROM (
           SELECT tag, bucket, user, argMax(present, commit_position) AS present
           FROM ${t.label_state_tags}
           WHERE (tag, bucket) IN (SELECT tupleElement(p, 1), tupleElement(p, 2)
                                   FROM (SELECT arrayJoin(arrayZip({tags:Array(String)}, {buckets:Array(UInt16)})) AS p))
           GROUP BY tag, bucket, user
         )
         GROUP BY tag, bucket`,
        { tags: chunk.map((p) => p.tag), buckets: chunk.map((p) => p.bucket), commit: at.commit.toString(), prepare: at.prepare.toString() },
      );
    }
  }

  /** Every pair that has membership rows: what a rebuild refreshes once at the end. */
  async allPairs(): Promise<{ tag: string; bucket: number }[]> {
    return this.ch.query<{ tag: string; bucket: number }>(`SELECT DISTINCT tag, bucket FROM ${this.tables.label_state_tags}`);
  }
}

function toDateTime64(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
