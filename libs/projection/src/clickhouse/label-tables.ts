import { assertIdentifier } from '@tagstream/clickhouse';

/** The tables of one generation of labels (migration 0100). A rebuild writes a `_next` generation and swaps it in. */
export const LABEL_TABLES = ['label_users', 'label_state_tags', 'label_activity_daily', 'label_tag_bitmaps', 'label_bitmap_dirty', 'label_checkpoints'] as const;
export type LabelTable = (typeof LABEL_TABLES)[number];

export type LabelTableNames = Readonly<Record<LabelTable, string>>;

export const LIVE_TABLES: LabelTableNames = Object.fromEntries(LABEL_TABLES.map((t) => [t, t])) as LabelTableNames;

export function suffixedTables(suffix: string): LabelTableNames {
  return Object.fromEntries(LABEL_TABLES.map((t) => [t, assertIdentifier(`${t}${suffix}`, 'table')])) as LabelTableNames;
}
