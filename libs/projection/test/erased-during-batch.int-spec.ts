import { ClickHouse } from '@tagstream/clickhouse';
import { ClickHouseEraser } from '@tagstream/compliance';
import { DomainEvent } from '@tagstream/events';
import { ErasedSubjects, LabelStore, Projector } from '@tagstream/projection';
import { createTestClickHouse, dropTestClickHouse } from '@tagstream/testing';
import { MemoryLog, MemoryRegistry } from './in-memory-ports';

jest.setTimeout(120_000);

const USERS = ['victim', 'u-1', 'u-2', 'u-3'];

function history(userId: string): DomainEvent[] {
  const base = { userId, occurredAt: '2026-11-20T08:00:00Z' };
  return [
    { ...base, eventId: `${userId}-risk`, type: 'RiskAssessed', data: { level: 'C3' } },
    { ...base, eventId: `${userId}-view`, type: 'FundViewed', data: { fundCode: '518880', category: 'gold', institutionId: 'acme', dwellSeconds: 30 } },
  ] as unknown as DomainEvent[];
}

/**
 * The erasure of `victim` is recorded while the projector is writing the one
 * batch that holds their events: its erasure check before the batch saw
 * nobody, every later look sees them. The erasure's own ClickHouse clean-up
 * ran before the batch landed (there was nothing yet), so only the projector
 * can notice that it wrote the person back.
 */
class ErasedDuringFirstBatch implements ErasedSubjects {
  private refreshes = 0;
  async refresh(): Promise<void> {
    this.refreshes++;
  }
  isErased(userId: string): boolean {
    return userId === 'victim' && this.refreshes > 1;
  }
}

async function rowsOf(ch: ClickHouse, surrogate: number): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of ['label_users', 'label_state_tags', 'label_activity_daily']) {
    const [row] = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE user = {s:UInt32}`, { s: surrogate });
    found[table] = Number(row.n);
  }
  const [bitmaps] = await ch.query<{ n: string }>('SELECT countIf(bitmapContains(users, toUInt32({s:UInt32}))) AS n FROM label_tag_bitmaps FINAL', { s: surrogate });
  found.label_tag_bitmaps = Number(bitmaps.n);
  return found;
}

describe('a person erased while their events are being projected', () => {
  let ch: ClickHouse;

  beforeEach(async () => {
    ch = await createTestClickHouse();
  });

  afterEach(async () => {
    if (ch) await dropTestClickHouse(ch);
  });

  async function project(withPurge: boolean): Promise<{ victim: number; other: number }> {
    const log = new MemoryLog();
    for (const userId of USERS) for (const event of history(userId)) log.append(event);
    const registry = new MemoryRegistry();
    const eraser = new ClickHouseEraser(ch);
    const projector = new Projector(new LabelStore(ch), log, registry, { write: async () => undefined }, {
      erasures: new ErasedDuringFirstBatch(),
      ...(withPurge ? { purgeErased: (surrogate: number) => eraser.erase(surrogate) } : {}),
    });
    await projector.run(new AbortController().signal, { untilCaughtUp: true });
    return { victim: registry.assigned.get('victim')!, other: registry.assigned.get('u-2')! };
  }

  it('is removed again once the batch is written: no row and no bitmap bit is left', async () => {
    const { victim, other } = await project(true);
    expect(await rowsOf(ch, victim)).toEqual({ label_users: 0, label_state_tags: 0, label_activity_daily: 0, label_tag_bitmaps: 0 });
    const kept = await rowsOf(ch, other);
    expect(kept.label_users).toBe(1);
    expect(kept.label_tag_bitmaps).toBeGreaterThan(0);
  });

  it('would otherwise stay in ClickHouse (the window this closes)', async () => {
    const { victim } = await project(false);
    const left = await rowsOf(ch, victim);
    expect(left.label_users).toBe(1);
    expect(left.label_tag_bitmaps).toBeGreaterThan(0);
  });
});
