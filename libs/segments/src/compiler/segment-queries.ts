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
