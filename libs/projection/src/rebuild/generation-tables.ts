import { assertIdentifier, ClickHouse } from '@tagstream/clickhouse';
import { LABEL_TABLES, suffixedTables } from '../clickhouse/label-tables';

/**
 * Tables fed from the label tables by a materialized view (migration 0200:
 * `segment_user_activity_mv` copies every insert into `label_activity_daily`).
 * A rebuild fills their next generation from the rebuilt source once, and
 * swaps them with the label tables. Views follow table names, so after the
 * swap the view feeds the new generation from the new source.
 */
export const DERIVED_TABLES = [{ table: 'segment_user_activity', from: 'label_activity_daily', columns: ['user', 'tag', 'day', 'count', 'commit_position', 'prepare_position'] }] as const;

/** Every table a generation consists of: the label tables and the tables derived from them. */
export function generationTables(): string[] {
  return [...LABEL_TABLES, ...DERIVED_TABLES.map((d) => d.table)];
}

export function nextName(table: string, suffix: string): string {
  return assertIdentifier(`${table}${suffix}`, 'table');
}

/** Drops whatever a previous (possibly interrupted) rebuild left and creates empty tables shaped like the live ones. */
export async function createNextGeneration(ch: ClickHouse, suffix: string): Promise<void> {
  await dropGeneration(ch, suffix);
  for (const table of generationTables()) {
    await ch.command(`CREATE TABLE ${nextName(table, suffix)} AS ${assertIdentifier(table, 'table')}`);
  }
}

export async function dropGeneration(ch: ClickHouse, suffix: string): Promise<void> {
  for (const table of generationTables()) await ch.command(`DROP TABLE IF EXISTS ${nextName(table, suffix)}`);
}

/** Copies each rebuilt source table into its derived table, as the view would have on every insert. */
export async function fillDerivedTables(ch: ClickHouse, suffix: string): Promise<void> {
  const tables = suffixedTables(suffix);
  for (const derived of DERIVED_TABLES) {
    const columns = derived.columns.join(', ');
    await ch.command(`INSERT INTO ${nextName(derived.table, suffix)} (${columns}) SELECT ${columns} FROM ${tables[derived.from]}`);
  }
}

/**
 * Swaps every table of the generation with its live counterpart in one
 * statement: readers see either all old tables or all new ones, never a mix.
 */
export async function swapGeneration(ch: ClickHouse, suffix: string): Promise<void> {
  const pairs = generationTables().map((table) => `${assertIdentifier(table, 'table')} AND ${nextName(table, suffix)}`);
  await ch.command(`EXCHANGE TABLES ${pairs.join(', ')}`);
}
