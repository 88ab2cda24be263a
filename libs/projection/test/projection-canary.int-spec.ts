import { randomBytes } from 'node:crypto';
import { ClickHouse } from '@tagstream/clickhouse';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { DomainEvent } from '@tagstream/events';
import {
  EventStoreDeadLetterSink,
  EventStoreSurrogateRegistry,
  EventStoreUserEventFeed,
  LabelRebuild,
  LabelStore,
  Projector,
} from '@tagstream/projection';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, tablesHolding, TestEventStore } from '@tagstream/testing';
import { appendEvents, generatedEvents } from './support/event-store-ports';

jest.setTimeout(300_000);

interface Canaries {
  events: DomainEvent[];
  needles: string[];
}

/** Generated histories whose every user id, region and amount is a unique canary value. */
function canaryHistory(): Canaries {
  const tag = randomBytes(4).toString('hex');
  const needles = new Set<string>();
  const userIds = new Map<string, string>();
  let n = 0;
  const events = generatedEvents(120, 60, 31).map((event) => {
    if (!userIds.has(event.userId)) userIds.set(event.userId, `cnry${tag}-${userIds.size}`);
    const userId = userIds.get(event.userId)!;
    const data = { ...(event.data as Record<string, unknown>) };
    if ('region' in data) data.region = `Canaryland${tag}${n++}`;
    if ('amount' in data) {
      const cents = 7_300_000_000 + n++ * 7;
      data.amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      needles.add(String(cents)); // the amount in cents would leak as an integer
      needles.add(data.amount as string);
    }
    if (typeof data.region === 'string') needles.add(data.region);
    return { ...event, userId, data } as DomainEvent;
  });
  for (const id of userIds.values()) needles.add(id);
  return { events, needles: [...needles] };
}

describe('canaries: no user id, region or amount reaches ClickHouse', () => {
  let es: TestEventStore;
  let ch: ClickHouse;
  let canaries: Canaries;

  beforeAll(async () => {
    es = await startTestEventStore();
    ch = await createTestClickHouse();
    canaries = canaryHistory();
    await appendEvents(es.store, canaries.events);
  });

  afterAll(async () => {
    if (ch) await dropTestClickHouse(ch);
    await es?.stop();
  });

  it('the scan finds a canary wherever one is stored', async () => {
    const [sample] = canaries.events.filter((event) => 'amount' in (event.data as object));
    await ch.command('CREATE TABLE canary_probe (id UInt32, payload String) ENGINE = MergeTree ORDER BY id');
    await ch.insert('canary_probe', [{ id: 1, payload: JSON.stringify(sample) }]);
    expect(await tablesHolding(ch, canaries.needles)).toEqual(['canary_probe']);
    await ch.command('DROP TABLE canary_probe');
  });

  it('after projecting and rebuilding, no column of any table holds one', async () => {
    expect(canaries.needles.length).toBeGreaterThan(500);
    const feed = new EventStoreUserEventFeed(es.store);
    const registry = new EventStoreSurrogateRegistry(es.store);
    const deadLetters = new EventStoreDeadLetterSink(es.store);
    const erasures = new ErasureRegistry(es.store, Object.assign(new AppConfig(), { PSEUDONYM_KEY: 'n'.repeat(32) }));
    const projector = new Projector(new LabelStore(ch), feed, registry, deadLetters, { maxBatchEvents: 1_000, erasures });
    await projector.run(new AbortController().signal, { untilCaughtUp: true });
    // Both generations: the rebuilt one and the replaced one kept beside it.
    await new LabelRebuild(ch, feed, registry, deadLetters, erasures, { keepPrevious: true }).run(new AbortController().signal);

    const [users] = await ch.query<{ n: string }>('SELECT uniqExact(user) AS n FROM label_users');
    expect(Number(users.n)).toBeGreaterThan(100);
    const tables = await ch.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'label\\_%\\_next'");
    expect(tables.length).toBeGreaterThanOrEqual(6);
    expect(await tablesHolding(ch, canaries.needles)).toEqual([]);
  });
});
