/**
 * The synthetic labelled population of the segments benchmark, written
 * straight into ClickHouse the way the projector lays it out: users
 * `0 … users-1` (platform ids `u-<n>` in the benchmarks), skewed state tags,
 * 3 % opted out, 0–4 active days in the 90 ending `asOfDay`.
 */
import type { ClickHouse } from '@tagstream/clickhouse';

/** Users, their state tags (skewed: money-market holders common, gold rare; institutions Zipf-like), consent. */
const USERS_SQL = `
INSERT INTO label_users (user, state_tags, personalized, fold_state, taxonomy_version, commit_position, prepare_position)
SELECT toUInt32(number) AS user,
  arrayFilter(t -> t != '', [
    multiIf(h2 % 100 < 15, '', h2 % 100 < 25, 'risk:C1', h2 % 100 < 45, 'risk:C2', h2 % 100 < 75, 'risk:C3', h2 % 100 < 92, 'risk:C4', 'risk:C5'),
    if(h1 % 100 < 55, 'holder:money_market', ''),
    if(intDiv(h1, 100) % 100 < 28, 'holder:bond', ''),
    if(intDiv(h1, 10000) % 100 < 22, 'holder:equity', ''),
    if(intDiv(h1, 1000000) % 100 < 12, 'holder:index', ''),
    if(intDiv(h1, 100000000) % 100 < 6, 'holder:gold', ''),
    if(intDiv(h1, 10000000000) % 100 < 10, 'holder:hybrid', ''),
    if(intDiv(h1, 1000000000000) % 100 < 15, 'follows:equity', ''),
    if(intDiv(h1, 100000000000000) % 100 < 8, 'follows:gold', ''),
    if(intDiv(h2, 100) % 100 < 15, 'dca:active', ''),
    if(intDiv(h2, 10000) % 100 < 40, concat('inst:fund', toString(intDiv(pow(intDiv(h2, 1000000) % 10000, 2), 2000000)), ':holder'), '')
  ]) AS state_tags,
  if(intDiv(h2, 100000000000) % 100 < 3, 0, 1) AS personalized, '{}', 1, 1, 1
FROM (SELECT number, cityHash64(number, 1) AS h1, cityHash64(number, 2) AS h2 FROM numbers({users:UInt64}))`;

const STATE_ROWS_SQL = `
INSERT INTO label_state_tags (tag, bucket, user, present, commit_position, prepare_position)
SELECT tag, toUInt16(bitShiftRight(user, 16)), user, 1, 1, 1
FROM label_users
ARRAY JOIN arrayConcat(state_tags, ['~universe'], if(personalized = 0, ['~opted-out'], [])) AS tag`;

/** 0–4 active days in the last 90 (mean 1.5), a skewed fund-view day for 40 %. */
const ACTIVITY_SQL = `
INSERT INTO label_activity_daily (tag, day, user, count, commit_position, prepare_position)
SELECT tag, day, user, cnt, 1, 1 FROM (
  SELECT toUInt32(number) AS user, cityHash64(number, 3) AS h,
    arrayConcat(
      arrayMap(d -> ('active', d, toUInt32(1 + h % 3)),
        arrayDistinct(arrayMap(i -> toDate({to:String}) - toIntervalDay(intDiv(h, pow(97, i + 1)) % 90), range([0, 0, 1, 1, 1, 2, 3, 4][h % 8 + 1])))),
      if(intDiv(h, 7) % 100 < 40,
        [(concat('viewed:', ['money_market', 'money_market', 'bond', 'equity', 'equity', 'index', 'gold', 'qdii'][intDiv(h, 700) % 8 + 1]),
          toDate({to:String}) - toIntervalDay(intDiv(h, 70000) % 60), toUInt32(1 + intDiv(h, 7000000) % 4))], [])
    ) AS rows
  FROM numbers({users:UInt64})
) ARRAY JOIN rows.1 AS tag, rows.2 AS day, rows.3 AS cnt`;

const BITMAPS_SQL = `
INSERT INTO label_tag_bitmaps (tag, bucket, users, cardinality, commit_position, prepare_position)
SELECT tag, bucket, groupBitmapState(user), count(), 1, 1 FROM label_state_tags GROUP BY tag, bucket`;

const CHECKPOINTS_SQL = `
INSERT INTO label_checkpoints (stage, commit_position, prepare_position, events, reached_at, written_at)
SELECT arrayJoin(['labels', 'bitmaps']), 1, 1, {users:UInt64}, now64(3), now64(3)`;

export async function generatePopulation(ch: ClickHouse, users: number, asOfDay: string, log: (message: string) => void): Promise<Record<string, number>> {
  const params = { users, to: asOfDay };
  for (const [what, sql] of [
    ['users', USERS_SQL],
    ['state tag rows', STATE_ROWS_SQL],
    ['activity rows', ACTIVITY_SQL],
    ['bitmaps', BITMAPS_SQL],
    ['checkpoints', CHECKPOINTS_SQL],
  ]) {
    const started = performance.now();
    await ch.command(sql, params);
    log(`generated ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const counts: Record<string, number> = {};
  for (const table of ['label_users', 'label_state_tags', 'label_activity_daily', 'label_tag_bitmaps']) {
    const [row] = await ch.query<{ n: string }>(`SELECT toString(count()) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}
