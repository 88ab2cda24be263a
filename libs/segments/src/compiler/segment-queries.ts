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

/** The secret of the member hash, as the two UInt64 parameters of `sketchesQuery`. */
export interface SketchParams {
  readonly k1: bigint;
  readonly k2: bigint;
  /** Members a sketch keeps at most before it samples (`SKETCH_CAPACITY`). */
  readonly capacity: number;
}

/**
 * Per `key` of `keyed` (rows `key String, bucket, members` bitmap): `size`
 * (a JSON string), the sampling `level` and the kept member `hashes`
 * (libs/compliance: MemberSketch). Every member is hashed
 * (`intHash64(intHash64(u xor k1) xor k2)`, top 32 bits) and those under
 * 2^(32 − level) are kept, level being the smallest with size / 2^level ≤
 * capacity. The bitmaps are read once: the size comes from the same rows.
 */
export function sketchesQuery(keyed: BoundQuery, key: SketchParams): BoundQuery {
  const hash = 'toUInt32(bitShiftRight(intHash64(bitXor(intHash64(bitXor(toUInt64(u), {sk_k1:UInt64})), {sk_k2:UInt64})), 32))';
  return {
    sql: `SELECT key, toString(any(total)) AS size, any(level) AS level, arrayFlatten(groupArray(kept)) AS hashes FROM (
  SELECT key, total, level, arrayFilter(h -> h < bitShiftLeft(toUInt64(1), 32 - level), arrayMap(u -> ${hash}, bitmapToArray(members))) AS kept
  FROM (
    SELECT key, members, total, toUInt8(if(total <= {sk_cap:UInt64}, 0, ceil(log2(total / {sk_cap:UInt64})))) AS level
    FROM (SELECT key, members, sum(bitmapCardinality(members)) OVER (PARTITION BY key) AS total FROM (${keyed.sql}))))
GROUP BY key`,
    params: { ...keyed.params, sk_k1: key.k1.toString(), sk_k2: key.k2.toString(), sk_cap: key.capacity },
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
