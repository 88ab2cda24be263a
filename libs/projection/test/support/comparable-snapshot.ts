import { ClickHouse } from '@tagstream/clickhouse';
import { labelSnapshot } from '../label-snapshot';

/** Every label table in a comparable form, bitmaps as sorted member lists (a small bitmap may list members in insertion order). */
export async function comparableSnapshot(ch: ClickHouse): Promise<Record<string, unknown[]>> {
  const snapshot = await labelSnapshot(ch);
  snapshot.bitmaps = snapshot.bitmaps.map((row) => {
    const bitmap = row as { members: number[] };
    return { ...bitmap, members: [...bitmap.members].sort((a, b) => a - b) };
  });
  return snapshot;
}
