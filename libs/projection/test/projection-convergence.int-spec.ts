import { ClickHouse } from '@tagstream/clickhouse';
import { createRandom } from '@tagstream/seed';
import { createTestClickHouse, dropTestClickHouse } from '@tagstream/testing';
import { LabelStore, Projector, ProjectorOptions, UserEventFeed } from '@tagstream/projection';
import { generatedLog } from './given-log';
import { MemoryDeadLetters, MemoryLog, MemoryRegistry } from './in-memory-ports';
import { labelSnapshot } from './label-snapshot';

jest.setTimeout(600_000);

async function projectToEnd(ch: ClickHouse, feed: UserEventFeed, registry: MemoryRegistry, options: ProjectorOptions = {}): Promise<void> {
  const projector = new Projector(new LabelStore(ch), feed, registry, new MemoryDeadLetters(), { retryInitialMs: 5, ...options });
  await projector.run(new AbortController().signal, { untilCaughtUp: true });
}

describe('projection convergence (real chDB)', () => {
  let log: MemoryLog;
  const databases: ClickHouse[] = [];

  beforeAll(() => {
    log = generatedLog(800, 120);
    // A duplicated append: the same event id again, later in `$all`, as a real EventStoreDB can let through.
    for (const i of [10, 5_000, 50_000]) {
      const original = log.events[i];
      log.events.push({ ...original, position: { commit: BigInt(log.events.length + 1) * 100n, prepare: BigInt(log.events.length + 1) * 100n } });
    }
  });

  afterAll(async () => {
    for (const ch of databases) await dropTestClickHouse(ch);
  });

  async function database(): Promise<ClickHouse> {
    const ch = await createTestClickHouse();
    databases.push(ch);
    return ch;
  }

  it('labels built in several runs with restarts equal a clean build, table by table', async () => {
    expect(log.events.length).toBeGreaterThanOrEqual(100_000);
    const registry = new MemoryRegistry();

    const clean = await database();
    await projectToEnd(clean, log, registry, { maxBatchEvents: 5_000 });

    const incremental = await database();
    const random = createRandom('convergence-restarts');
    let runs = 0;
    const store = new LabelStore(incremental);
    const end = log.events[log.events.length - 1].position;
    while ((await store.readCheckpoint('labels'))?.position.commit !== end.commit) {
      // Each run is a fresh process as far as the projector knows: new memory, state read back from ClickHouse.
      const chunk = 1 + Math.floor(random.next() * 30_000);
      await projectToEnd(incremental, log.cut(chunk), registry, { maxBatchEvents: 500 + Math.floor(random.next() * 4_000), userCacheSize: 50 + runs * 40 });
      runs++;
    }
    expect(runs).toBeGreaterThanOrEqual(4);

    const [a, b] = [await labelSnapshot(clean), await labelSnapshot(incremental)];
    for (const table of Object.keys(a)) {
      expect({ table, rows: b[table].length }).toEqual({ table, rows: a[table].length });
      expect(b[table]).toEqual(a[table]);
    }
    expect(a.users.length).toBe(new Set(log.events.map((event) => event.streamId)).size);
    expect(a.bitmaps.length).toBeGreaterThan(10);
  });

  it('replaying stretches already projected changes nothing', async () => {
    const registry = new MemoryRegistry();
    const ch = await database();
    await projectToEnd(ch, log, registry);
    const before = await labelSnapshot(ch);
    // Redelivery: a projector that lost its checkpoint sees everything again.
    await ch.command("TRUNCATE TABLE label_checkpoints");
    await projectToEnd(ch, log, registry, { maxBatchEvents: 777 });
    expect(await labelSnapshot(ch)).toEqual(before);
  });
});
