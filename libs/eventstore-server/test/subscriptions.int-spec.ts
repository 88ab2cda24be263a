import {
  END,
  EventStoreDBClient,
  START,
  eventTypeFilter,
  streamNameFilter,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { collectUntil, events, readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

describe('conformance: catch-up subscriptions', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, stop } = await startConformanceTarget());
  });
  afterAll(() => stop());

  const ns = (e: ResolvedEvent) => (e.event!.data as { n: number }).n;

  it('subscribes to a stream mid-history (exclusive), catches up, then gets live events in order with no gap or duplicate', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(5));
    const subscription = client.subscribeToStream(stream, { fromRevision: 1n });
    let caughtUp = false;
    subscription.on('caughtUp', () => {
      if (caughtUp) return;
      caughtUp = true;
      void (async () => {
        for (let i = 0; i < 5; i++) await client.appendToStream(stream, events(2, 'Tested', 5 + i * 2));
      })();
    });
    const received = await collectUntil(subscription, (items) => items.length === 13);
    await subscription.unsubscribe();
    expect(received.map(ns)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(received.map((e) => e.event!.revision)).toEqual(received.map((_, i) => BigInt(i + 2)));
  });

  it('subscribes to $all from a position (exclusive), through history into live events, with no gap or duplicate', async () => {
    const prefix = uniqueStream('suball');
    const streams = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    let n = 0;
    for (const stream of streams) await client.appendToStream(stream, events(3, 'Tested', (n += 3) - 3));
    const [firstEvent] = await readAllOf(client.readStream(streams[0], { maxCount: 1 }));
    const firstOfOurs = firstEvent.event!.position!;
    const subscription = client.subscribeToAll({
      fromPosition: firstOfOurs,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    subscription.on('caughtUp', () => {
      void (async () => {
        for (let i = 0; i < 6; i++) await client.appendToStream(streams[i % 3], events(1, 'Tested', 9 + i));
      })();
    });
    const received = await collectUntil(subscription, (items) => items.length === 14);
    await subscription.unsubscribe();
    expect(received.map(ns)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const positions = received.map((e) => e.event!.position!.commit);
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('filters $all by event type prefix or regex on the server', async () => {
    const tag = uniqueStream('typ').replace(/-/g, '');
    const stream = uniqueStream();
    await client.appendToStream(stream, [...events(2, `${tag}Wanted`), ...events(2, `${tag}Other`), ...events(1, `${tag}Wanted`, 9)]);
    const byPrefix = client.subscribeToAll({ fromPosition: START, filter: eventTypeFilter({ prefixes: [`${tag}Wanted`] }) });
    const prefixed = await collectUntil(byPrefix, (items) => items.length === 3, 30_000);
    await byPrefix.unsubscribe();
    expect(prefixed.map((e) => e.event!.type)).toEqual([`${tag}Wanted`, `${tag}Wanted`, `${tag}Wanted`]);
    const byRegex = client.subscribeToAll({ fromPosition: START, filter: eventTypeFilter({ regex: `^${tag}O` }) });
    const matched = await collectUntil(byRegex, (items) => items.length === 2, 30_000);
    await byRegex.unsubscribe();
    expect(matched.map((e) => e.event!.type)).toEqual([`${tag}Other`, `${tag}Other`]);
  });

  it('sends filtered checkpoints from which a restarted subscriber resumes without missing an event', async () => {
    const prefix = uniqueStream('ckpt');
    const noise = uniqueStream('noise');
    // Interleave wanted events with many unwanted ones so checkpoints fall between wanted events.
    let wanted = 0;
    for (let round = 0; round < 10; round++) {
      await client.appendToStream(`${prefix}-${round % 3}`, events(2, 'Tested', wanted));
      wanted += 2;
      await client.appendToStream(noise, events(20, 'Noise'));
    }
    const start = await subscriptionStart(client, prefix);
    const checkpoints: Position[] = [];
    const first = client.subscribeToAll({
      fromPosition: start,
      filter: streamNameFilter({ prefixes: [prefix], checkpointInterval: 1, checkpointReached: (_s, p) => void checkpoints.push(p) }),
    });
    // Stop after 7 events, as a crashed subscriber would, and remember the last checkpoint seen by then.
    const before = await collectUntil(first, (items) => items.length === 7);
    await first.unsubscribe();
    const lastBefore = before[before.length - 1].event!.position!.commit;
    const resumeFrom = [...checkpoints].reverse().find((p) => p.commit <= lastBefore) ?? start;
    expect(checkpoints.length).toBeGreaterThan(0);

    const second = client.subscribeToAll({ fromPosition: resumeFrom, filter: streamNameFilter({ prefixes: [prefix] }) });
    const after = await collectUntil(second, (items) => items.some((e) => ns(e) === 19));
    await second.unsubscribe();
    const seen = new Set([...before, ...after].map(ns));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const afterNs = after.map(ns);
    expect(afterNs).toEqual([...afterNs].sort((a, b) => a - b));
    expect(afterNs[0]).toBeLessThanOrEqual(7);
  });

  it('sends no checkpoint for reaching the end of the log, only every window x multiplier events examined', async () => {
    const prefix = uniqueStream('tail');
    const marker = await client.appendToStream(uniqueStream('marker'), events(1));
    const checkpoints: Position[] = [];
    // 32 x 1000 events between checkpoints: far more than this test writes.
    const subscription = client.subscribeToAll({
      fromPosition: marker.position!,
      filter: streamNameFilter({ prefixes: [prefix], checkpointInterval: 1000, checkpointReached: (_s, p) => void checkpoints.push(p) }),
    });
    const received = subscription[Symbol.asyncIterator]();
    try {
      // Twenty appends, each received before the next is written: the subscriber reaches the end of the log every time.
      for (let i = 0; i < 20; i++) {
        await client.appendToStream(`${prefix}-${i % 2}`, events(1, 'Tested', i));
        const next = await received.next();
        expect(ns(next.value as ResolvedEvent)).toBe(i);
      }
    } finally {
      await subscription.unsubscribe();
    }
    expect(checkpoints).toEqual([]);
  });

  it('signals caught-up for a subscription from the end', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(1));
    const subscription = client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: [stream] }) });
    await new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
    void client.appendToStream(stream, events(1, 'Tested', 1));
    const [live] = await collectUntil(subscription, (items) => items.length === 1);
    await subscription.unsubscribe();
    expect(ns(live)).toBe(1);
  });
});

/** The position just before the first event of streams with this prefix (found through a filtered read of $all). */
async function subscriptionStart(client: EventStoreDBClient, prefix: string): Promise<Position | typeof START> {
  const sub = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix] }) });
  const [first] = await collectUntil(sub, (items) => items.length === 1, 30_000);
  await sub.unsubscribe();
  const position = first.event!.position!;
  if (position.commit === 0n) return START;
  const [previous] = await readAllOf(client.readAll({ fromPosition: position, direction: 'backwards', maxCount: 1 }));
  return previous.event!.position!;
}
