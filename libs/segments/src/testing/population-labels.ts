import { ClickHouse } from '@tagstream/clickhouse';
import { Population } from '../expression';
import { ACTIVE_TAG } from '../expression';
import { BUCKET_BITS, LABEL_TABLES, OPTED_OUT_TAG, UNIVERSE_TAG } from '../compiler/label-schema';

/** Position columns of a synthetic write; later writes get higher positions. */
function at(position: number): { commit_position: number; prepare_position: number } {
  return { commit_position: position, prepare_position: position };
}

/**
 * Writes a population into the label tables the way the projector lays them
 * out (migration 0100), for tests: state memberships and their bitmaps (with
 * `~universe` and `~opted-out`), daily activity totals, user rows and the
 * stage checkpoints. Each key is written
 * twice, first with a stale value at a lower position (every user holding
 * every state tag, smaller daily counts), so a reader that skips FINAL sees
 * wrong answers.
 */
export async function writePopulationLabels(ch: ClickHouse, population: Population, position = 10): Promise<void> {
  const tags = [...Object.keys(population.tagKinds).filter((tag) => population.tagKinds[tag] === 'state'), UNIVERSE_TAG, OPTED_OUT_TAG];
  const stale: object[] = [];
  const current: object[] = [];
  const staleActivity: object[] = [];
  const activity: object[] = [];
  const users: object[] = [];
  for (const user of population.users) {
    users.push({ user: user.userId, state_tags: [...user.stateTags].sort(), personalized: user.personalized ? 1 : 0, fold_state: '{}', taxonomy_version: 1, ...at(position) });
    const bucket = user.userId >>> BUCKET_BITS;
    const held = new Set(user.stateTags);
    if (Object.values(user.dailyCounts[ACTIVE_TAG] ?? {}).some((count) => count > 0)) held.add(UNIVERSE_TAG);
    if (!user.personalized) held.add(OPTED_OUT_TAG);
    for (const tag of tags) {
      stale.push({ tag, bucket, user: user.userId, present: 1, ...at(position - 1) });
      current.push({ tag, bucket, user: user.userId, present: held.has(tag) ? 1 : 0, ...at(position) });
    }
    for (const [tag, days] of Object.entries(user.dailyCounts)) {
      for (const [day, count] of Object.entries(days)) {
        activity.push({ tag, day, user: user.userId, count, ...at(position) });
        staleActivity.push({ tag, day, user: user.userId, count: Math.max(1, count - 1), ...at(position - 1) });
      }
    }
  }
  await ch.insert(LABEL_TABLES.activityDaily, staleActivity);
  await ch.insert(LABEL_TABLES.activityDaily, activity);
  await ch.insert('label_state_tags', stale);
  await refreshBitmaps(ch, position - 1);
  await ch.insert('label_state_tags', current);
  await refreshBitmaps(ch, position);
  await ch.insert(LABEL_TABLES.users, users);
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await ch.insert(
    'label_checkpoints',
    ['labels', 'bitmaps'].map((stage) => ({ stage, ...at(position), events: position, reached_at: now, written_at: now })),
  );
}

/** The projector's bitmap refresh: every (tag, bucket) rebuilt from the latest membership rows up to `position`. */
async function refreshBitmaps(ch: ClickHouse, position: number): Promise<void> {
  await ch.command(
    `INSERT INTO ${LABEL_TABLES.tagBitmaps} (tag, bucket, users, cardinality, commit_position, prepare_position)
     SELECT tag, bucket, groupBitmapStateIf(user, present = 1), countIf(present = 1), {commit:UInt64}, {commit:UInt64}
     FROM (SELECT tag, bucket, user, argMax(present, commit_position) AS present FROM label_state_tags
           WHERE commit_position <= {commit:UInt64} GROUP BY tag, bucket, user)
     GROUP BY tag, bucket`,
    { commit: position },
  );
}
