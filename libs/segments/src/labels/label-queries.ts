import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ClickHouse } from '@tagstream/clickhouse';
import { MemberSketch, OFFSET_LEVELS, sampleOffsets, SKETCH_CAPACITY, SketchKey, toSketch } from '@tagstream/compliance';
import { addDays, utcDayOf } from '../expression';
import { CompiledExpression } from '../compiler/compile-expression';
import { BoundQuery, segmentKeyed, SketchParams, sketchesQuery, sizeQuery, tagSharesKeyed, tagSharesQuery } from '../compiler/segment-queries';
import { BUCKET_BITS, LABEL_TABLES, OPTED_OUT_TAG, UNIVERSE_TAG } from '../compiler/label-schema';

/** One user's labels as the recommender gets them. */
export interface UserLabels {
  readonly personalized: boolean;
  readonly state: string[];
  readonly activity: { tag: string; last7d: number; last30d: number; last90d: number }[];
}

/** The universe alone, shaped like a compiled expression: one bitmap per bucket, without `excluded` (see `CompileOptions`). */
function universe(excluded: readonly number[]): CompiledExpression {
  const consented = 'bitmapAndnot(groupBitmapMergeStateIf(users, tag = {u_universe:String}), groupBitmapMergeStateIf(users, tag = {u_opted_out:String}))';
  return {
    sql: `SELECT bucket, ${excluded.length ? `bitmapAndnot(${consented}, bitmapBuild({u_excluded:Array(UInt32)}))` : consented} AS members
    FROM ${LABEL_TABLES.tagBitmaps} FINAL WHERE tag IN ({u_universe:String}, {u_opted_out:String}) GROUP BY bucket`,
    params: { u_universe: UNIVERSE_TAG, u_opted_out: OPTED_OUT_TAG, ...(excluded.length ? { u_excluded: excluded } : {}) },
  };
}

/**
 * What a compiled expression counts, as data stands: the same SQL with the same
 * bound values (windows included) is the same question asked again.
 */
export function answerKey(segment: CompiledExpression): string {
  return createHash('sha256').update(segment.sql).update('\u0000').update(JSON.stringify(segment.params)).digest('base64url');
}

/** The parameters of `sketchesQuery` for a member-hash key. */
export function sketchParamsOf(key: SketchKey): SketchParams {
  return { ...key, capacity: SKETCH_CAPACITY, offsetLevels: OFFSET_LEVELS, offsets: sampleOffsets(key) };
}

/** An empty set's sketch. */
export const EMPTY_SKETCH: MemberSketch = toSketch(0, 0, [], [], []);

interface SketchRow {
  key: string;
  size: string;
  level: number;
  members: number[];
  g: number[];
  h: number[];
}

/** Reads of the label tables behind sizes, insights, the tag list and one user's tags. */
@Injectable()
export class LabelQueries {
  constructor(@Inject(ClickHouse) private readonly ch: ClickHouse) {}

  async size(segment: CompiledExpression): Promise<number> {
    const [row] = await this.run<{ size: string }>(sizeQuery(segment));
    return Number(row?.size ?? 0);
  }

  /** The segment's size and the sketch of its members, in one read of its bitmaps. */
  async sizeSketch(segment: CompiledExpression, key: SketchParams): Promise<MemberSketch> {
    return (await this.sketches(segmentKeyed(segment), key)).get('') ?? EMPTY_SKETCH;
  }

  /** Sketch of the members of the segment carrying each of `tags` (state tags). Tags no member carries are absent. */
  async tagShareSketches(segment: CompiledExpression, tags: readonly string[], key: SketchParams): Promise<Map<string, MemberSketch>> {
    if (tags.length === 0) return new Map();
    return this.sketches(tagSharesKeyed(segment, tags), key);
  }

  /** As `tagCounts`, with the sketch of each tag's people. */
  async tagCountSketches(stateTags: readonly string[], activityTags: readonly string[], asOf: Date, key: SketchParams, excluded: readonly number[] = []): Promise<Map<string, MemberSketch>> {
    const UNIVERSE = universe(excluded);
    const sketches = await this.tagShareSketches(UNIVERSE, stateTags, key);
    if (activityTags.length === 0) return sketches;
    const to = utcDayOf(asOf);
    const activity = await this.sketches(
      {
        sql: `SELECT a.tag AS key, a.bucket AS bucket, bitmapAnd(a.bm, u.members) AS members
          FROM (SELECT tag, toUInt16(bitShiftRight(user, ${BUCKET_BITS})) AS bucket, groupBitmapState(user) AS bm
                FROM ${LABEL_TABLES.activityDaily} FINAL
                WHERE tag IN {activity_tags:Array(String)} AND day >= {from:Date} AND day <= {to:Date} AND count > 0
                GROUP BY tag, bucket) AS a
          INNER JOIN (${UNIVERSE.sql}) AS u ON a.bucket = u.bucket`,
        params: { ...UNIVERSE.params, activity_tags: activityTags, from: addDays(to, -29), to },
      },
      key,
    );
    for (const [tag, sketch] of activity) sketches.set(tag, sketch);
    return sketches;
  }

  /** Runs `sketchesQuery` over rows keyed by `key`. */
  async sketches(keyed: BoundQuery, key: SketchParams): Promise<Map<string, MemberSketch>> {
    const rows = await this.run<SketchRow>(sketchesQuery(keyed, key));
    return new Map(rows.map((row) => [row.key, toSketch(Number(row.size), Number(row.level), row.members, row.g, row.h)]));
  }

  /** Members of the segment carrying each of `tags` (state tags). Tags no member carries are absent. */
  async tagShares(segment: CompiledExpression, tags: readonly string[]): Promise<Map<string, number>> {
    if (tags.length === 0) return new Map();
    const rows = await this.run<{ tag: string; members: string }>(tagSharesQuery(segment, tags));
    return new Map(rows.map((row) => [row.tag, Number(row.members)]));
  }

  /** Users of the universe (consent applied, `excluded` left out) carrying each state tag now, and each activity tag in the 30 days ending `asOf`. */
  async tagCounts(stateTags: readonly string[], activityTags: readonly string[], asOf: Date, excluded: readonly number[] = []): Promise<Map<string, number>> {
    const UNIVERSE = universe(excluded);
    const counts = await this.tagShares(UNIVERSE, stateTags);
    if (activityTags.length === 0) return counts;
    const to = utcDayOf(asOf);
    const rows = await this.run<{ tag: string; members: string }>({
      sql: `SELECT a.tag AS tag, toString(sum(bitmapAndCardinality(a.bm, u.members))) AS members
        FROM (SELECT tag, toUInt16(bitShiftRight(user, ${BUCKET_BITS})) AS bucket, groupBitmapState(user) AS bm
              FROM ${LABEL_TABLES.activityDaily} FINAL
              WHERE tag IN {activity_tags:Array(String)} AND day >= {from:Date} AND day <= {to:Date} AND count > 0
              GROUP BY tag, bucket) AS a
        INNER JOIN (${UNIVERSE.sql}) AS u ON a.bucket = u.bucket
        GROUP BY a.tag`,
      params: { ...UNIVERSE.params, activity_tags: activityTags, from: addDays(to, -29), to },
    });
    for (const row of rows) counts.set(row.tag, Number(row.members));
    return counts;
  }

  /**
   * State tags, consent and activity counts over the 7, 30 and 90 days ending
   * with the day of `asOf`, for each of `users` that has been projected.
   */
  async userLabels(users: readonly number[], asOf: Date): Promise<Map<number, UserLabels>> {
    const found = new Map<number, UserLabels>();
    if (users.length === 0) return found;
    const to = utcDayOf(asOf);
    const [states, activity] = await Promise.all([
      this.run<{ user: number; state_tags: string[]; personalized: number }>({
        sql: `SELECT user, argMax(state_tags, commit_position) AS state_tags, argMax(personalized, commit_position) AS personalized
          FROM ${LABEL_TABLES.users} WHERE user IN {users:Array(UInt32)} GROUP BY user`,
        params: { users },
      }),
      this.run<{ user: number; tag: string; last7d: string; last30d: string; last90d: string }>({
        sql: `SELECT user, tag, toString(sumIf(count, day >= {d7:Date})) AS last7d, toString(sumIf(count, day >= {d30:Date})) AS last30d,
                     toString(sum(count)) AS last90d
          FROM segment_user_activity FINAL
          WHERE user IN {users:Array(UInt32)} AND day >= {d90:Date} AND day <= {to:Date}
          GROUP BY user, tag ORDER BY user, tag`,
        params: { users, to, d7: addDays(to, -6), d30: addDays(to, -29), d90: addDays(to, -89) },
      }),
    ]);
    for (const row of states) {
      found.set(Number(row.user), {
        personalized: Number(row.personalized) === 1,
        state: row.state_tags.filter((tag) => !tag.startsWith('~')).sort(),
        activity: [],
      });
    }
    for (const row of activity) {
      found.get(Number(row.user))?.activity.push({ tag: row.tag, last7d: Number(row.last7d), last30d: Number(row.last30d), last90d: Number(row.last90d) });
    }
    return found;
  }

  private run<T>(query: BoundQuery): Promise<T[]> {
    return this.ch.query<T>(query.sql, query.params);
  }
}
