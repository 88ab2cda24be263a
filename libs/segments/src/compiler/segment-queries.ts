import { CompiledExpression } from './compile-expression';
import { LABEL_TABLES } from './label-schema';

/** A query and its bound parameters. */
export interface BoundQuery {
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

/** `size` (UInt64, a JSON string): the number of members, summed over buckets. */
export function sizeQuery(segment: CompiledExpression): BoundQuery {
  return { sql: `SELECT toString(sum(bitmapCardinality(members))) AS size FROM (${segment.sql})`, params: segment.params };
}

/** One row per member (`user`), ascending. */
export function membersQuery(segment: CompiledExpression): BoundQuery {
  return { sql: `SELECT arrayJoin(bitmapToArray(members)) AS user FROM (${segment.sql}) ORDER BY user`, params: segment.params };
}

/** For each of `tags` (state tags), how many members carry it: `tag`, `members` (JSON string). */
export function tagSharesQuery(segment: CompiledExpression, tags: readonly string[]): BoundQuery {
  return {
    sql: `SELECT b.tag AS tag, toString(sum(bitmapAndCardinality(s.members, b.users))) AS members
      FROM (${segment.sql}) AS s
      INNER JOIN (SELECT tag, bucket, users FROM ${LABEL_TABLES.tagBitmaps} FINAL WHERE tag IN {share_tags:Array(String)}) AS b
      ON s.bucket = b.bucket
      GROUP BY b.tag`,
    params: { ...segment.params, share_tags: tags },
  };
}

/** The secret of the member hashes and the sample's offsets, as parameters of `sketchesQuery`. */
export interface SketchParams {
  readonly k1: bigint;
  readonly k2: bigint;
  /** Members a sketch keeps at most before it samples (`SKETCH_CAPACITY`). */
  readonly capacity: number;
  /** Levels sampled by offset alone (`OFFSET_LEVELS`). */
  readonly offsetLevels: number;
  /** Offsets in the sample of level `offsetLevels` (`sampleOffsets`). */
  readonly offsets: readonly number[];
}

/**
 * Per `key` of `keyed` (rows `key String, bucket, members` bitmap): `size`
 * (a JSON string), the sampling `level`, and the kept `members` with `g` (the
 * keyed hash of their offset, the low 16 bits) and `h` (of the member):
 * libs/compliance MemberSketch. Up to `offsetLevels`, a bucket's members are
 * filtered by g; above, the bucket is first intersected with the ~256 sampled
 * offsets (a bitmap AND: large answers are never expanded member by member)
 * and then filtered by h. The bitmaps are read once: the size comes from the
 * same rows.
 */
export function sketchesQuery(keyed: BoundQuery, key: SketchParams): BoundQuery {
  const hash = (x: string, a: string, b: string) => `toUInt32(bitShiftRight(intHash64(bitXor(intHash64(bitXor(toUInt64(${x}), {${a}:UInt64})), {${b}:UInt64})), 32))`;
  const g = (u: string) => hash(`bitAnd(${u}, 65535)`, 'sk_k1', 'sk_k2');
  const h = (u: string) => hash(u, 'sk_k2', 'sk_k1');
  // One row per key: the buckets' bitmaps gathered (no window, no second read), the level from their total,
  // then each bucket sampled at that level; \`if\` is short-circuited, so only one branch runs per key.
  return {
    sql: `SELECT key, toString(total) AS size, level, members, arrayMap(u -> ${g('u')}, members) AS g, arrayMap(u -> ${h('u')}, members) AS h
FROM (
  SELECT key, total, level, arrayFlatten(arrayMap((b, m) -> if(level <= {sk_offset_levels:UInt8},
      arrayFilter(u -> ${g('u')} < bitShiftLeft(toUInt64(1), 32 - level), bitmapToArray(m)),
      arrayFilter(u -> ${h('u')} < bitShiftLeft(toUInt64(1), 32 + {sk_offset_levels:UInt8} - level),
        bitmapToArray(bitmapAnd(m, bitmapBuild(arrayMap(o -> toUInt32(b * 65536 + o), {sk_offsets:Array(UInt32)})))))), buckets, bitmaps)) AS members
  FROM (
    SELECT key, sum(bitmapCardinality(members)) AS total, toUInt8(if(total <= {sk_cap:UInt64}, 0, ceil(log2(total / {sk_cap:UInt64})))) AS level,
      groupArray(bucket) AS buckets, groupArray(members) AS bitmaps
    FROM (${keyed.sql})
    GROUP BY key))`,
    params: {
      ...keyed.params,
      sk_k1: key.k1.toString(),
      sk_k2: key.k2.toString(),
      sk_cap: key.capacity,
      sk_offset_levels: key.offsetLevels,
      sk_offsets: key.offsets,
    },
  };
}

/** The segment as `sketchesQuery` input: one key, ''. */
export function segmentKeyed(segment: CompiledExpression): BoundQuery {
  return { sql: `SELECT '' AS key, bucket, members FROM (${segment.sql})`, params: segment.params };
}

/** For each of `tags` (state tags), the members carrying it, as `sketchesQuery` input keyed by tag. */
export function tagSharesKeyed(segment: CompiledExpression, tags: readonly string[]): BoundQuery {
  return {
    sql: `SELECT b.tag AS key, s.bucket AS bucket, bitmapAnd(s.members, b.users) AS members
      FROM (${segment.sql}) AS s
      INNER JOIN (SELECT tag, bucket, users FROM ${LABEL_TABLES.tagBitmaps} FINAL WHERE tag IN {share_tags:Array(String)}) AS b
      ON s.bucket = b.bucket`,
    params: { ...segment.params, share_tags: tags },
  };
}
