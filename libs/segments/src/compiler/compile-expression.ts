import { activityWindow, Expr, isAndNode, isNotNode, isOrNode, TagKind, TagLeaf } from '../expression';
import { BUCKET_BITS, LABEL_TABLES, OPTED_OUT_TAG, UNIVERSE_TAG } from './label-schema';

export interface CompileOptions {
  /** Moves activity windows only (docs/contract.md §5). */
  readonly asOf: Date;
  /** Kind of a taxonomy tag; the expression is validated, so an unknown tag is a programming error. */
  readonly kindOf: (tag: string) => TagKind | undefined;
  /** Prefix of every bound parameter, so several compiled expressions can share one query. */
  readonly paramPrefix?: string;
  /**
   * Surrogates left out of the universe, so of every result: people whose
   * erasure is recorded but whose labels may still be in ClickHouse. Usually
   * empty, and then the SQL is the same as without it.
   */
  readonly excluded?: readonly number[];
}

/**
 * A SELECT yielding one row per bucket (`user >> 16`): `bucket UInt16`,
 * `members AggregateFunction(groupBitmap, UInt32)`, the segment's members in
 * that bucket, consent and universe applied. Every value, tag names included,
 * is in `params`; the SQL text holds only fixed table and column names.
 */
export interface CompiledExpression {
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

interface ActivityLeaf {
  readonly tag: string;
  readonly from: string | null;
  readonly to: string;
  readonly minCount: number;
}

/**
 * Compiles a validated, macro-expanded expression. State leaves read the
 * per-tag bitmaps; activity leaves turn per-day counts in their window into
 * bitmaps per bucket; `not` is taken against the universe (`~universe` minus
 * `~opted-out`), and the result is intersected with it, so consent applies to
 * every leaf. Buckets are independent, so the same query works per shard when
 * users are sharded by hash: a size is then the sum over shards.
 */
export function compileExpression(expr: Expr, options: CompileOptions): CompiledExpression {
  const builder = new LeafTable(options);
  const body = builder.render(expr);
  const p = builder.prefix;
  const merged = builder.columns().map((_, i) => `groupBitmapMergeStateIf(bm, key = {${p}k${i}:String})`);
  const [universe, optedOut, ...leaves] = merged;
  let consented = `bitmapAndnot(${universe}, ${optedOut})`;
  if (options.excluded?.length) {
    builder.params[`${p}excluded`] = options.excluded;
    consented = `bitmapAndnot(${consented}, bitmapBuild({${p}excluded:Array(UInt32)}))`;
  }
  const sql = `SELECT bucket, bitmapAnd(u, ${body}) AS members FROM (
  SELECT bucket, ${consented} AS u${leaves.map((column, i) => `, ${column} AS c${i + 2}`).join('')}
  FROM (${builder.sources().join('\n    UNION ALL ')})
  GROUP BY bucket)`;
  return { sql, params: builder.params };
}

/** Distinct leaves of one expression, each a column; the universe and opt-outs are columns 0 and 1. */
class LeafTable {
  readonly prefix: string;
  readonly params: Record<string, unknown> = {};
  /** Identity of each column's leaf, for de-duplication. */
  private readonly keys: string[] = [];
  /** `key` value of the rows feeding each column: the tag for state bitmaps, `#i` for the i-th activity leaf. */
  private readonly rowKeys: string[] = [];
  private readonly stateTags: string[] = [];
  private readonly activity: ActivityLeaf[] = [];

  constructor(private readonly options: CompileOptions) {
    this.prefix = options.paramPrefix ?? '';
    this.stateColumn(UNIVERSE_TAG);
    this.stateColumn(OPTED_OUT_TAG);
  }

  render(expr: Expr): string {
    if (isAndNode(expr)) return fold('bitmapAnd', expr.and.map((child) => this.render(child)));
    if (isOrNode(expr)) return fold('bitmapOr', expr.or.map((child) => this.render(child)));
    if (isNotNode(expr)) return `bitmapAndnot(u, ${this.render(expr.not)})`;
    return this.leafColumn(expr);
  }

  /** What the source rows of each column carry in `key`, bound as `k<i>`. */
  columns(): readonly string[] {
    this.rowKeys.forEach((rowKey, i) => (this.params[`${this.prefix}k${i}`] = rowKey));
    return this.rowKeys;
  }

  /** One source for every state bitmap, one per distinct activity leaf; `key` says which column a row feeds. */
  sources(): string[] {
    const p = this.prefix;
    this.params[`${p}state_tags`] = this.stateTags;
    const state = `SELECT tag AS key, bucket, users AS bm FROM ${LABEL_TABLES.tagBitmaps} FINAL WHERE tag IN {${p}state_tags:Array(String)}`;
    return [state, ...this.activity.map((leaf, i) => this.activitySource(leaf, i))];
  }

  private leafColumn(leaf: TagLeaf): string {
    const kind = this.options.kindOf(leaf.tag);
    if (kind === 'state') {
      if (leaf.within !== undefined || leaf.minCount !== undefined) throw new Error(`state tag ${leaf.tag} with within/minCount reached the compiler`);
      return this.stateColumn(leaf.tag);
    }
    if (kind === 'activity') return this.activityColumn(leaf);
    throw new Error(`tag ${leaf.tag} is not in the taxonomy; validate expressions before compiling them`);
  }

  private stateColumn(tag: string): string {
    const key = `state:${tag}`;
    const existing = this.keys.indexOf(key);
    if (existing >= 0) return `c${existing}`;
    this.stateTags.push(tag);
    return this.addKey(key, tag);
  }

  private activityColumn(leaf: TagLeaf): string {
    const window = activityWindow(leaf.within, this.options.asOf);
    const resolved: ActivityLeaf = { tag: leaf.tag, from: window.from, to: window.to, minCount: leaf.minCount ?? 1 };
    const key = `activity:${JSON.stringify(resolved)}`;
    const existing = this.keys.indexOf(key);
    if (existing >= 0) return `c${existing}`;
    this.activity.push(resolved);
    return this.addKey(key, `#${this.activity.length - 1}`);
  }

  private addKey(identity: string, rowKey: string): string {
    this.keys.push(identity);
    this.rowKeys.push(rowKey);
    return `c${this.keys.length - 1}`;
  }

  /**
   * Users whose counts in the window add up to `minCount`. With the default of
   * one, any row in the window qualifies, so no per-user sum is needed.
   */
  private activitySource(leaf: ActivityLeaf, i: number): string {
    const p = `${this.prefix}a${i}_`;
    Object.assign(this.params, { [`${p}key`]: `#${i}`, [`${p}tag`]: leaf.tag, [`${p}to`]: leaf.to });
    const where = [`tag = {${p}tag:String}`, `day <= {${p}to:Date}`];
    if (leaf.from !== null) {
      this.params[`${p}from`] = leaf.from;
      where.push(`day >= {${p}from:Date}`);
    }
    const bucket = `toUInt16(bitShiftRight(user, ${BUCKET_BITS}))`;
    if (leaf.minCount === 1) {
      return `SELECT {${p}key:String} AS key, ${bucket} AS bucket, groupBitmapState(user) AS bm
        FROM ${LABEL_TABLES.activityDaily} FINAL WHERE ${where.join(' AND ')} AND count > 0 GROUP BY bucket`;
    }
    this.params[`${p}min`] = leaf.minCount;
    return `SELECT {${p}key:String} AS key, ${bucket} AS bucket, groupBitmapState(user) AS bm FROM (
          SELECT user FROM ${LABEL_TABLES.activityDaily} FINAL WHERE ${where.join(' AND ')}
          GROUP BY user HAVING sum(count) >= {${p}min:UInt64})
        GROUP BY bucket`;
  }
}

/** n-ary and/or as nested binary calls; one child is the child itself. */
function fold(fn: 'bitmapAnd' | 'bitmapOr', parts: string[]): string {
  return parts.reduce((acc, part) => `${fn}(${acc}, ${part})`);
}
