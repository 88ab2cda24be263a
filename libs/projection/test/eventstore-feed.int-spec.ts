import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouse } from '@tagstream/clickhouse';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { EventStore, ExpectedRevision } from '@tagstream/eventstore';
import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';
import {
  DEAD_LETTER_STREAM,
  ErasedSubjects,
  EventStoreDeadLetterSink,
  EventStoreSurrogateRegistry,
  EventStoreUserEventFeed,
  LabelStore,
  Projector,
  SourceEvent,
} from '@tagstream/projection';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, TestEventStore } from '@tagstream/testing';
import { generatedLog } from './given-log';
import { labelSnapshot } from './label-snapshot';

jest.setTimeout(300_000);

const DAY = '2026-11-20';
const gold = { fundCode: '518880', category: 'gold', institutionId: 'acme' } as const;

function event(userId: string, type: string, data: object, eventId = randomUUID()): DomainEvent {
  return { eventId, userId, type, data, occurredAt: `${DAY}T08:00:00Z` } as unknown as DomainEvent;
}

async function append(store: EventStore, e: DomainEvent, expected: ExpectedRevision = 'any'): Promise<void> {
  const stored = toEventToStore(e, { requestId: 'r', producer: 'test' });
  await store.append(userStreamName(e.userId), [{ id: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata }], expected);
}

/** A projector on the real store, run until it has caught up; returns how many events its batches covered. */
async function projectToEnd(store: EventStore, ch: ClickHouse, erasures?: ErasedSubjects): Promise<number> {
  let processed = 0;
  const projector = new Projector(
    new LabelStore(ch),
    new EventStoreUserEventFeed(store),
    new EventStoreSurrogateRegistry(store),
    new EventStoreDeadLetterSink(store),
    { retryInitialMs: 5, maxBatchEvents: 700, onBatch: ({ events }) => (processed += events), ...(erasures ? { erasures } : {}) },
  );
  await projector.run(new AbortController().signal, { untilCaughtUp: true });
  return processed;
}

/** Bitmap members as sets: the order `bitmapToArray` gives for a small bitmap follows insertion. */
function normalised(snapshot: Record<string, unknown[]>): Record<string, unknown[]> {
  const bitmaps = (snapshot.bitmaps as { members: number[] }[]).map((row) => ({ ...row, members: [...row.members].sort((x, y) => x - y) }));
  return { ...snapshot, bitmaps };
}

describe('projection from the real event store', () => {
  let es: TestEventStore;
  const databases: ClickHouse[] = [];
  const run = Date.now().toString(36);

  beforeEach(async () => {
    es = await startTestEventStore();
  });
  afterEach(async () => {
    await es?.stop();
  });
  afterAll(async () => {
    for (const ch of databases) await dropTestClickHouse(ch);
  });
  async function database(): Promise<ClickHouse> {
    const ch = await createTestClickHouse();
    databases.push(ch);
    return ch;
  }

  async function labelsOf(ch: ClickHouse, userId: string) {
    const surrogate = await new EventStoreSurrogateRegistry(es.store).surrogateOf(userId);
    if (surrogate === undefined) return undefined;
    const [user] = await ch.query<{ state_tags: string[] }>('SELECT state_tags FROM label_users FINAL WHERE user = {u:UInt32}', { u: surrogate });
    const counts = await ch.query<{ tag: string; n: string }>(
      'SELECT tag, sum(count) AS n FROM label_activity_daily FINAL WHERE user = {u:UInt32} GROUP BY tag ORDER BY tag',
      { u: surrogate },
    );
    return { state: user?.state_tags ?? [], counts: Object.fromEntries(counts.map((row) => [row.tag, Number(row.n)])) };
  }

  it('the same event appended twice changes nothing', async () => {
    const userId = `dup-${run}`;
    const subscribed = event(userId, 'FundSubscribed', { ...gold, amount: '10.00', currency: 'CNY' });
    const viewed = event(userId, 'FundViewed', { ...gold, dwellSeconds: 30 });
    for (const e of [subscribed, viewed, event(userId, 'FundRedeemed', { ...gold, amount: '10.00', full: true })]) await append(es.store, e);
    // Appended again later, as a real EventStoreDB lets through when the writer names the current revision
    // (its id check covers retries only): a second subscription would reopen the position.
    await append(es.store, subscribed, 2n);
    await append(es.store, viewed, 3n);
    const stored = [];
    for await (const e of es.store.readStream(userStreamName(userId))) stored.push(e.id);
    expect(stored).toEqual([subscribed.eventId, viewed.eventId, expect.any(String), subscribed.eventId, viewed.eventId]);

    const ch = await database();
    expect(await projectToEnd(es.store, ch)).toBe(5);
    expect(await labelsOf(ch, userId)).toEqual({
      state: [],
      counts: { active: 3, 'inst:acme:engaged': 3, 'viewed:gold': 1 },
    });
  });

  it('a restarted projector resumes from its checkpoint, and its labels equal a clean build', async () => {
    const log = generatedLog(40, 30, 11);
    const events = log.events;
    const half = Math.floor(events.length / 2);
    const write = async (slice: SourceEvent[]) => {
      for (const e of slice) await es.store.append(e.streamId, [{ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata }]);
    };
    await write(events.slice(0, half));
    const incremental = await database();
    expect(await projectToEnd(es.store, incremental)).toBe(half);

    await write(events.slice(half));
    // A new projector (new process as far as it knows): only the events after the checkpoint are processed.
    expect(await projectToEnd(es.store, incremental)).toBe(events.length - half);
    expect(await projectToEnd(es.store, incremental)).toBe(0);

    const clean = await database();
    expect(await projectToEnd(es.store, clean)).toBe(events.length);
    const [a, b] = [normalised(await labelSnapshot(clean)), normalised(await labelSnapshot(incremental))];
    for (const table of Object.keys(a).filter((t) => t !== 'checkpoint')) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });
    expect(a.users.length).toBe(new Set(events.map((e) => e.streamId)).size);
    expect(a.users.length).toBeGreaterThan(10);
  });

  it('writes an event no rule can handle to the dead-letter stream, with its reason and no user id, and goes on', async () => {
    const userId = `dl-${run}`;
    const bad = event(userId, 'FundSubscribed', { ...gold, category: 'silver', amount: '1.00', currency: 'CNY' });
    await append(es.store, bad);
    await append(es.store, event(userId, 'RiskAssessed', { level: 'C2' }));
    const ch = await database();
    expect(await projectToEnd(es.store, ch)).toBe(2);
    const letters = [];
    for await (const e of es.store.readStream(DEAD_LETTER_STREAM)) letters.push(e);
    expect(letters.map((e) => e.data)).toEqual([
      expect.objectContaining({ eventId: bad.eventId, type: 'FundSubscribed', field: 'data.category', reason: expect.stringContaining('must be one of') }),
    ]);
    expect(JSON.stringify(letters.map((e) => [e.streamId === DEAD_LETTER_STREAM, e.data, e.metadata]))).not.toContain(userId);
    expect((await labelsOf(ch, userId))?.state).toEqual(['risk:C2']);
  });

  it('drops the events of an erased person, so a rebuild from $all does not bring them back', async () => {
    const [erased, kept] = [`gone-${run}`, `kept-${run}`];
    for (const userId of [erased, kept]) await append(es.store, event(userId, 'RiskAssessed', { level: 'C4' }));
    const erasures = new ErasureRegistry(es.store, { PSEUDONYM_KEY: 'feed-test-pseudonym-key-0123456789abcdef' } as AppConfig);
    await erasures.recordErased({ userIdHash: erasures.hashOf(erased), surrogate: null, at: new Date().toISOString(), by: 'test' });
    const ch = await database();
    // The erased person's stream is still in $all here (not yet tombstoned): the registry alone keeps them out.
    expect(await projectToEnd(es.store, ch, erasures)).toBe(2);
    expect(await labelsOf(ch, erased)).toBeUndefined();
    expect((await labelsOf(ch, kept))?.state).toEqual(['risk:C4']);
    const [{ n }] = await ch.query<{ n: string }>('SELECT count() AS n FROM label_users FINAL');
    expect(Number(n)).toBe(1);
  });
});

describe('user event feed when the store goes away', () => {
  it('resubscribes after the last event handed out, with nothing lost or repeated', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-feed-'));
    let server = await EmbeddedEventStoreServer.start({ dataDir });
    const port = server.port;
    const store = new EventStore(server.connectionString);
    const abort = new AbortController();
    let resubscribed = 0;
    try {
      for (const level of ['C1', 'C2']) await append(store, event('feed-u1', 'RiskAssessed', { level }));
      const feed = new EventStoreUserEventFeed(store, { retryInitialMs: 20, onResubscribe: () => resubscribed++ });
      const iterator = feed.subscribe(undefined, { onCaughtUp: () => undefined, signal: abort.signal })[Symbol.asyncIterator]();
      const seen: string[] = [];
      for (let i = 0; i < 2; i++) seen.push(((await iterator.next()).value as SourceEvent).eventId);

      await server.stop();
      server = await EmbeddedEventStoreServer.start({ dataDir, port });
      const later = [event('feed-u2', 'RiskAssessed', { level: 'C3' }), event('feed-u1', 'RiskAssessed', { level: 'C4' })];
      const writer = new EventStore(server.connectionString);
      for (const e of later) await append(writer, e);
      await writer.close();
      for (let i = 0; i < 2; i++) seen.push(((await iterator.next()).value as SourceEvent).eventId);

      expect(seen.slice(2)).toEqual(later.map((e) => e.eventId));
      expect(new Set(seen).size).toBe(4);
      expect(resubscribed).toBeGreaterThanOrEqual(1);
      abort.abort();
      expect((await iterator.next()).done).toBe(true);
    } finally {
      abort.abort();
      await store.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
