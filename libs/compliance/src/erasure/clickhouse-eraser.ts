import { assertIdentifier, ClickHouse } from '@tagstream/clickhouse';

/** Columns that hold a person's surrogate, by name and type; any table with one is searched. */
const PERSON_COLUMNS = new Set(['user', 'subject']);
const BITMAP_TYPE = 'AggregateFunction(groupBitmap, UInt32)';
const PASSES = 3;

interface ColumnRow {
  table: string;
  name: string;
  type: string;
}

export interface ClickHouseErasure {
  /** Rows removed, by table (person rows and bitmap rows that held the person). */
  rows: Record<string, number>;
  bitmapsRewritten: number;
}

/**
 * Removes one surrogate from every table of the database, found by column
 * convention rather than by a list, so a table added later (a rebuild's
 * `_next` generation, snapshots) is covered too:
 *  - rows of tables with a `user` or `subject` UInt32 column are deleted;
 *  - rows of `groupBitmap` columns that contain the person are rewritten
 *    without them (same version, so they stay current) and the old rows deleted.
 * Deletes are mutations with `mutations_sync = 2`: they return once the parts
 * have been rewritten, so the data is really gone, not masked.
 */
export class ClickHouseEraser {
  constructor(private readonly ch: ClickHouse) {}

  async erase(surrogate: number): Promise<ClickHouseErasure> {
    const columns = await this.columns();
    const rows: Record<string, number> = {};
    for (const { table, name } of columns.filter((c) => PERSON_COLUMNS.has(c.name) && c.type === 'UInt32')) {
      const n = await this.count(`${q(table)} WHERE ${q(name)} = {s:UInt32}`, surrogate);
      if (n === 0) continue;
      await this.ch.command(`ALTER TABLE ${q(table)} DELETE WHERE ${q(name)} = {s:UInt32} SETTINGS mutations_sync = 2`, { s: surrogate });
      rows[table] = (rows[table] ?? 0) + n;
    }
    let bitmapsRewritten = 0;
    for (const bitmap of columns.filter((c) => c.type === BITMAP_TYPE)) {
      const tableColumns = columns.filter((c) => c.table === bitmap.table);
      // A projector refreshing a bitmap while this runs may write the person back once; repeat until none holds them.
      for (let pass = 0; pass < PASSES; pass++) {
        const where = `bitmapContains(${q(bitmap.name)}, toUInt32({s:UInt32}))`;
        const n = await this.count(`${q(bitmap.table)} WHERE ${where}`, surrogate);
        if (n === 0) break;
        await this.ch.command(
          `INSERT INTO ${q(bitmap.table)} (${tableColumns.map((c) => q(c.name)).join(', ')})
           SELECT ${tableColumns.map((c) => rewritten(c, bitmap.name)).join(', ')} FROM ${q(bitmap.table)} WHERE ${where}`,
          { s: surrogate },
        );
        await this.ch.command(`ALTER TABLE ${q(bitmap.table)} DELETE WHERE ${where} SETTINGS mutations_sync = 2`, { s: surrogate });
        rows[bitmap.table] = (rows[bitmap.table] ?? 0) + n;
        bitmapsRewritten += n;
      }
    }
    return { rows, bitmapsRewritten };
  }

  /** Rows that still mention the surrogate anywhere, by table (what an erasure must bring to zero). */
  async traces(surrogate: number): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    for (const c of await this.columns()) {
      const isPerson = PERSON_COLUMNS.has(c.name) && c.type === 'UInt32';
      if (!isPerson && c.type !== BITMAP_TYPE) continue;
      const where = isPerson ? `${q(c.name)} = {s:UInt32}` : `bitmapContains(${q(c.name)}, toUInt32({s:UInt32}))`;
      const n = await this.count(`${q(c.table)} WHERE ${where}`, surrogate);
      if (n > 0) found[c.table] = (found[c.table] ?? 0) + n;
    }
    return found;
  }

  private async columns(): Promise<ColumnRow[]> {
    return this.ch.query<ColumnRow>(
      `SELECT c.table AS table, c.name AS name, c.type AS type
       FROM system.columns AS c INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
       WHERE c.database = {db:String} AND t.engine LIKE '%MergeTree%'
       ORDER BY c.table, c.position`,
      { db: this.ch.database },
    );
  }

  private async count(from: string, surrogate: number): Promise<number> {
    const [row] = await this.ch.query<{ n: string }>(`SELECT count() AS n FROM ${from}`, { s: surrogate });
    return Number(row.n);
  }
}

function rewritten(column: ColumnRow, bitmapColumn: string): string {
  const without = `bitmapAndnot(${q(bitmapColumn)}, bitmapBuild([toUInt32({s:UInt32})]))`;
  if (column.name === bitmapColumn) return without;
  if (column.name === 'cardinality') return `bitmapCardinality(${without})`;
  return q(column.name);
}

function q(identifier: string): string {
  return `\`${assertIdentifier(identifier, 'identifier')}\``;
}
