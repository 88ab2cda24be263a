import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ClickHouse } from '@tagstream/clickhouse';
import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { EventStore } from '@tagstream/eventstore';
import { EventStoreDeadLetterSink, EventStoreSurrogateRegistry, EventStoreUserEventFeed, Freshness, LabelStore, Projector } from '@tagstream/projection';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, TestEventStore } from '@tagstream/testing';
import { comparePositions, Position } from '../src/core/position';
import { EventStoreHead } from '../src/eventstore/event-store-head';

jest.setTimeout(180_000);

const USERS = 20;
const EVENTS_PER_USER = 100;
const PER_APPEND = 50;
const gold = { fundCode: '518880', category: 'gold', institutionId: 'acme' } as const;

function viewed(userId: string): DomainEvent {
  return { eventId: randomUUID(), userId, type: 'FundViewed', data: { ...gold, dwellSeconds: 30 }, occurredAt: '2026-11-20T08:00:00Z' } as unknown as DomainEvent;
}

/** Appends EVENTS_PER_USER events to each of USERS streams, PER_APPEND per call, all streams at once; returns the last position. */
async function burst(store: EventStore, run: string): Promise<Position> {
  const lasts = await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const userId = `lag-${run}-${u}`;
      let last: Position | undefined;
      for (let i = 0; i < EVENTS_PER_USER; i += PER_APPEND) {
        const events = Array.from({ length: PER_APPEND }, () => toEventToStore(viewed(userId), { requestId: 'r', producer: 'test' }));
        const result = await store.append(
          userStreamName(userId),
          events.map((e) => ({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
        );
        last = result.position;
      }
      return last as Position;
    }),
  );
  return lasts.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
}

/** Polls `check` every few milliseconds until it holds or `ms` pass. */
async function until(what: string, check: () => boolean, describeState: () => unknown, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(describeState())}`);
    await delay(5);
  }
}

/**
 * Producers appending faster than the subscription delivers: freshness must
 * measure lag against the store's head, not only against what was received.
 */
describe('freshness against the store head', () => {
  let es: TestEventStore;
  let ch: ClickHouse;

  beforeAll(async () => {
    es = await startTestEventStore();
    ch = await createTestClickHouse();
  });
  afterAll(async () => {
    await es?.stop();
    if (ch) await dropTestClickHouse(ch);
  });

  it('says not caught up, with lag, while the store holds events not yet received; caught up with no lag once all is visible', async () => {
    let visible: Position | undefined;
    const projector = new Projector(
      new LabelStore(ch),
      new EventStoreUserEventFeed(es.store),
      new EventStoreSurrogateRegistry(es.store),
      new EventStoreDeadLetterSink(es.store),
      { maxBatchEvents: 20, retryInitialMs: 5, headProbeMs: 20, head: new EventStoreHead(es.store), onBatch: ({ position }) => (visible = position) },
    );
    const abort = new AbortController();
    const running = projector.run(abort.signal);
    try {
      await until('the projector to catch up with an empty store', () => projector.getFreshness().caughtUp, () => projector.getFreshness());

      // Sample freshness all along the burst and the projection of it.
      const samples: { freshness: Freshness; allVisible: boolean }[] = [];
      let last: Position | undefined;
      const allVisible = () => last !== undefined && visible !== undefined && comparePositions(visible, last) >= 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          samples.push({ freshness: projector.getFreshness(), allVisible: allVisible() });
          await delay(5);
        }
      })();
      last = await burst(es.store, Date.now().toString(36));
      await until('the last event to be visible', allVisible, () => ({ freshness: projector.getFreshness(), visible: String(visible?.commit) }), 120_000);
      sampling = false;
      await sampler;

      const behind = samples.filter((s) => !s.allVisible && !s.freshness.caughtUp && s.freshness.behindStore && s.freshness.lagSeconds > 0);
      expect(behind.length).toBeGreaterThan(0);

      await until(
        'caught up with no lag',
        () => {
          const f = projector.getFreshness();
          return f.caughtUp && f.lagEvents === 0 && f.lagSeconds === 0 && !f.behindStore;
        },
        () => projector.getFreshness(),
        30_000,
      );
      expect(projector.getFreshness().position).toBe(`${last.commit}/${last.prepare}`);
    } finally {
      abort.abort();
      await running;
    }
  });
});
