import { ClickHouse } from '@tagstream/clickhouse';
import { ClickHouseEraser, ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { DomainEvent } from '@tagstream/events';
import { LabelRebuild, LabelStore, Projector, RebuildReport, UserEventFeed } from '@tagstream/projection';
import { generatedUserId } from '@tagstream/seed';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, TestEventStore } from '@tagstream/testing';
import { MemoryDeadLetters } from './in-memory-ports';
import { labelSnapshot } from './label-snapshot';
import { comparableSnapshot } from './support/comparable-snapshot';
import { appendEvents, eventStoreFeed, generatedEvents, GeneratedUserRegistry } from './support/event-store-ports';

jest.setTimeout(300_000);

const SEED = 11;
const config = (): AppConfig => Object.assign(new AppConfig(), { PSEUDONYM_KEY: 'k'.repeat(32) });

async function projectToEnd(ch: ClickHouse, feed: UserEventFeed, maxBatchEvents = 2_000): Promise<void> {
  const projector = new Projector(new LabelStore(ch), feed, new GeneratedUserRegistry(SEED), new MemoryDeadLetters(), { retryInitialMs: 5, maxBatchEvents });
  await projector.run(new AbortController().signal, { untilCaughtUp: true });
}

describe('projection rebuild (real event store and chDB)', () => {
  let es: TestEventStore;
  let erasures: ErasureRegistry;
  const databases: ClickHouse[] = [];
  let history: DomainEvent[];
  const erasedUser = generatedUserId(SEED, 3);

  beforeAll(async () => {
    es = await startTestEventStore();
    erasures = new ErasureRegistry(es.store, config());
    history = generatedEvents(160, 90, SEED);
    await appendEvents(es.store, history);
  });

  afterAll(async () => {
    for (const ch of databases) await dropTestClickHouse(ch);
    await es?.stop();
  });

  async function database(): Promise<ClickHouse> {
    const ch = await createTestClickHouse();
    databases.push(ch);
    return ch;
  }

  /** What the erasure service does to labels and the registry, short of deleting the stream (so `$all` still holds the events). */
  async function erase(userId: string, ch: ClickHouse): Promise<void> {
    const surrogate = (await new GeneratedUserRegistry(SEED).surrogatesFor([userId])).get(userId)!;
    if (!erasures.isErased(userId)) await erasures.recordErased({ userIdHash: erasures.hashOf(userId), surrogate, at: new Date().toISOString(), by: 'test' });
    await new ClickHouseEraser(ch).erase(surrogate);
  }

  it('swaps in labels equal to incremental ones table by table, serving the old tables until the swap', async () => {
    const feed = eventStoreFeed(es.store);
    const incremental = await database();
    await projectToEnd(incremental, feed, 700);
    await erase(erasedUser, incremental);

    const live = await database();
    await projectToEnd(live, feed);
    await erase(erasedUser, live);
    const served = await labelSnapshot(live);
    expect(served.users.length).toBe(new Set(history.map((e) => e.userId)).size - 1);

    const lateEvents = generatedEvents(5, 10, SEED + 1);
    let report: RebuildReport | undefined;
    let checkedBeforeSwap = false;
    const rebuild = new LabelRebuild(live, feed, new GeneratedUserRegistry(SEED), new MemoryDeadLetters(), erasures, {
      projector: { maxBatchEvents: 3_000, retryInitialMs: 5 },
      beforeSwap: async () => {
        // The next generation is complete; readers still get the old tables, unchanged.
        expect(await labelSnapshot(live)).toEqual(served);
        const [next] = await live.query<{ events: string }>("SELECT events FROM label_checkpoints_next FINAL WHERE stage = 'labels'");
        expect(Number(next.events)).toBe(history.length - history.filter((e) => e.userId === erasedUser).length);
        // Appended while the swap happens: the catch-up after the swap must apply them.
        await appendEvents(es.store, lateEvents);
        checkedBeforeSwap = true;
      },
    });
    report = await rebuild.run(new AbortController().signal);
    expect(checkedBeforeSwap).toBe(true);
    expect(report.erasedEventsSkipped).toBe(history.filter((e) => e.userId === erasedUser).length);
    expect(report.caughtUpAfterSwap).toBe(lateEvents.length);
    expect(report.bitmapPairs).toBeGreaterThan(10);

    await projectToEnd(incremental, feed, 700);
    const [expected, rebuilt] = [await comparableSnapshot(incremental), await comparableSnapshot(live)];
    // The incremental run counted the erased user's events before the erasure; positions agree.
    expected.checkpoint = expected.checkpoint.map((row) => ({ ...(row as object), events: undefined }));
    rebuilt.checkpoint = rebuilt.checkpoint.map((row) => ({ ...(row as object), events: undefined }));
    for (const table of Object.keys(expected)) {
      expect({ table, rows: rebuilt[table].length }).toEqual({ table, rows: expected[table].length });
      expect(rebuilt[table]).toEqual(expected[table]);
    }
    expect(rebuilt.users.length).toBe(new Set([...history, ...lateEvents].map((e) => e.userId)).size - 1);

    // The previous generation is gone and the derived per-user activity was swapped with its source.
    const leftover = await live.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%\\_next'");
    expect(leftover).toEqual([]);
    expect(await perUserActivity(live)).toEqual(await perUserActivity(incremental));
  });

  it('the materialized view feeds the swapped-in tables', async () => {
    const feed = eventStoreFeed(es.store);
    const ch = await database();
    await new LabelRebuild(ch, feed, new GeneratedUserRegistry(SEED), new MemoryDeadLetters(), erasures, { projector: { retryInitialMs: 5 }}).run(new AbortController().signal);
    const before = await perUserActivity(ch);
    await appendEvents(es.store, generatedEvents(3, 5, SEED + 2));
    await projectToEnd(ch, feed);
    const after = await perUserActivity(ch);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(await ch.query('SELECT user, tag, day, count FROM label_activity_daily FINAL ORDER BY user, tag, day'));
  });
});

function perUserActivity(ch: ClickHouse): Promise<unknown[]> {
  return ch.query('SELECT user, tag, day, count FROM segment_user_activity FINAL ORDER BY user, tag, day');
}
