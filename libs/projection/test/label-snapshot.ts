import { ClickHouse } from '@tagstream/clickhouse';

/** Every label table's content in a comparable form (work lists and stage bookkeeping left out). */
export async function labelSnapshot(ch: ClickHouse): Promise<Record<string, unknown[]>> {
  return {
    users: await ch.query(
      'SELECT user, state_tags, personalized, fold_state, commit_position, prepare_position FROM label_users FINAL ORDER BY user',
    ),
    stateTags: await ch.query(
      // Current members only: a gain and a loss inside one batch write no row, across two batches they write two,
      // and a change row carries the position of the user's last event in its batch, so those depend on batch cuts.
      `SELECT tag, bucket, user FROM label_state_tags GROUP BY tag, bucket, user
       HAVING argMax(present, commit_position) = 1 ORDER BY tag, bucket, user`,
    ),
    activity: await ch.query('SELECT tag, day, user, count, commit_position FROM label_activity_daily FINAL ORDER BY tag, day, user'),
    bitmaps: await ch.query(
      'SELECT tag, bucket, bitmapToArray(users) AS members, cardinality FROM label_tag_bitmaps FINAL ORDER BY tag, bucket',
    ),
    checkpoint: await ch.query("SELECT stage, commit_position, events FROM label_checkpoints FINAL WHERE stage = 'labels'"),
  };
}
