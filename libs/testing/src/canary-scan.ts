import { ClickHouse } from '@tagstream/clickhouse';

/** multiSearchAny takes at most 255 needles. */
const NEEDLES_PER_QUERY = 200;

/**
 * The tables (and views) of the current database in which any column, cast to
 * String, holds one of `needles`: the scan behind the canary tests, which put
 * unique values in every user id, region and amount and then look for them
 * everywhere. Tables are found in `system.tables`, so new ones are covered.
 */
export async function tablesHolding(ch: ClickHouse, needles: readonly string[]): Promise<string[]> {
  const columns = await ch.query<{ table: string; name: string }>(
    `SELECT c.table AS table, c.name AS name FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() ORDER BY c.table, c.position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, name } of columns) byTable.set(table, [...(byTable.get(table) ?? []), name]);
  const found = new Set<string>();
  for (const [table, names] of byTable) {
    // ifNull: a NULL in any Nullable column would make the whole concat NULL, and that row would never match.
    const text = `concat(${names.map((name) => `ifNull(toString(\`${name}\`), '')`).join(", '\\u0001', ")})`;
    for (let i = 0; i < needles.length; i += NEEDLES_PER_QUERY) {
      const [row] = await ch.query<{ n: string }>(`SELECT count() AS n FROM \`${table}\` WHERE multiSearchAny(${text}, {needles:Array(String)})`, {
        needles: needles.slice(i, i + NEEDLES_PER_QUERY),
      });
      if (Number(row.n) > 0) found.add(table);
    }
  }
  return [...found];
}
