import { ClickHouse } from '@tagstream/clickhouse';
import { LABEL_TABLES } from '../compiler/label-schema';
import type { DailyCount, UserLabelSource } from './user-record';

/** Where the projector's labels stage has got to, and which generation of tables it wrote. */
export interface LabelHead {
  /** The live `label_users` table's uuid: a rebuild's swap changes it. */
  readonly generation: string;
  /** Last `$all` position whose labels are written; null before the first. */
  readonly commit: bigint | null;
  readonly prepare: bigint | null;
  readonly reachedAt: Date | null;
}

const CHANGES_TABLE = 'label_user_changes';

/**
 * The serving index's reads of ClickHouse: the labels checkpoint, the users
 * whose labels changed between two positions (migration 0202), and the
 * labels of given users. Each is one query, whatever the number of users.
 */
export class LabelChangeFeed {
  constructor(private readonly ch: ClickHouse) {}

  async head(): Promise<LabelHead> {
    const [row] = await this.ch.query<{ generation: string; rows: string; head_commit: string; head_prepare: string; head_reached_at: string }>(
      `SELECT (SELECT toString(any(uuid)) FROM system.tables WHERE database = currentDatabase() AND name = {users_table:String}) AS generation,
              count() AS rows, toString(max(commit_position)) AS head_commit,
              toString(argMax(prepare_position, commit_position)) AS head_prepare, argMax(reached_at, commit_position) AS head_reached_at
       FROM label_checkpoints FINAL WHERE stage = 'labels'`,
      { users_table: LABEL_TABLES.users },
    );
    if (Number(row.rows) === 0) return { generation: row.generation, commit: null, prepare: null, reachedAt: null };
    return {
      generation: row.generation,
      commit: BigInt(row.head_commit),
      prepare: BigInt(row.head_prepare),
      reachedAt: new Date(`${row.head_reached_at.replace(' ', 'T')}Z`),
    };
  }

  /** Users whose labels were written at a position in (`after`, `upTo`]. */
  async changedUsers(after: bigint, upTo: bigint): Promise<number[]> {
    const rows = await this.ch.query<{ user: number }>(
      `SELECT DISTINCT user FROM ${CHANGES_TABLE} WHERE commit_position > {after:Int64} AND commit_position <= {up_to:UInt64}`,
      { after: after.toString(), up_to: upTo.toString() },
    );
    return rows.map((row) => Number(row.user));
  }

  /**
   * Consent, state tags and daily activity from `fromDay` on, of each of
   * `users` that has labels; the same rows `LabelQueries.userLabels` reads.
   */
  async labelsOf(users: readonly number[], fromDay: string): Promise<Map<number, UserLabelSource>> {
    const found = new Map<number, { personalized: boolean; state: string[]; daily: DailyCount[] }>();
    if (users.length === 0) return found;
    const [states, activity] = await Promise.all([
      this.ch.query<{ user: number; state_tags: string[]; personalized: number }>(
        `SELECT user, argMax(state_tags, commit_position) AS state_tags, argMax(personalized, commit_position) AS personalized
         FROM ${LABEL_TABLES.users} WHERE user IN {users:Array(UInt32)} GROUP BY user`,
        { users },
      ),
      this.ch.query<{ user: number; tag: string; day: string; count: number }>(
        `SELECT user, tag, day, count FROM segment_user_activity FINAL
         WHERE user IN {users:Array(UInt32)} AND day >= {from:Date}`,
        { users, from: fromDay },
      ),
    ]);
    for (const row of states) {
      found.set(Number(row.user), { personalized: Number(row.personalized) === 1, state: row.state_tags.filter((tag) => !tag.startsWith('~')), daily: [] });
    }
    for (const row of activity) found.get(Number(row.user))?.daily.push({ tag: row.tag, day: row.day, count: Number(row.count) });
    return found;
  }
}
