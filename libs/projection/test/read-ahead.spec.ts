import { DomainEvent } from '@tagstream/events';
import { readAhead, SourceEvent, UserEventFeed } from '@tagstream/projection';
import { MemoryLog } from './in-memory-ports';

const viewed = (i: number): DomainEvent =>
  ({ eventId: `e${i}`, type: 'FundViewed', userId: `u-${i % 7}`, occurredAt: '2026-11-20T01:00:00Z', data: { fundCode: '000001', category: 'gold', institutionId: 'acme', dwellSeconds: 9 } }) as DomainEvent;

function logOf(n: number): MemoryLog {
  const log = new MemoryLog();
  for (let i = 0; i < n; i++) log.append(viewed(i));
  return log;
}

/** Counts how many events the wrapped feed has handed out. */
function counting(feed: UserEventFeed): { feed: UserEventFeed; pulled(): number } {
  let pulled = 0;
  return {
    feed: {
      subscribe: (from, hooks) => ({
        async *[Symbol.asyncIterator]() {
          for await (const event of feed.subscribe(from, hooks)) {
            pulled++;
            yield event;
          }
        },
      }),
    },
    pulled: () => pulled,
  };
}

describe('readAhead', () => {
  it('yields every event in order, then reports caught-up after the last one', async () => {
    const log = logOf(10_000);
    const seen: string[] = [];
    let caughtUpAfter = -1;
    const feed = readAhead(log, 300);
    for await (const event of feed.subscribe(log.events[99].position, { onCaughtUp: () => (caughtUpAfter = seen.length), signal: new AbortController().signal })) {
      seen.push(event.eventId);
    }
    expect(seen).toEqual(log.events.slice(100).map((e) => e.eventId));
    expect(caughtUpAfter).toBe(9_900);
  });

  it('reads ahead while the consumer is busy, up to its capacity', async () => {
    const source = counting(logOf(5_000));
    const iterator = readAhead(source.feed, 1_000).subscribe(undefined, { onCaughtUp: () => undefined, signal: new AbortController().signal })[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as SourceEvent;
    expect(first.eventId).toBe('e0');
    // While the consumer holds on to the first event, the reader fills the buffer, and stops there.
    for (let i = 0; i < 50 && source.pulled() < 1_001; i++) await new Promise(setImmediate);
    expect(source.pulled()).toBe(1_001);
    await iterator.return?.(undefined);
  });

  it('stops reading when the consumer stops', async () => {
    const source = counting(logOf(5_000));
    const feed = readAhead(source.feed, 100);
    for await (const event of feed.subscribe(undefined, { onCaughtUp: () => undefined, signal: new AbortController().signal })) {
      if (event.eventId === 'e10') break;
    }
    expect(source.pulled()).toBeLessThanOrEqual(111);
  });

  it('reports checkpoints when the consumer reaches them, in order with the events', async () => {
    const log = logOf(30);
    // A source that reports a checkpoint after every tenth event, as a filtered subscription does.
    const source: UserEventFeed = {
      subscribe: (from, hooks) => ({
        async *[Symbol.asyncIterator]() {
          let i = 0;
          for await (const event of log.subscribe(from, hooks)) {
            yield event;
            if (++i % 10 === 0) hooks.onCheckpoint?.(event.position);
          }
        },
      }),
    };
    const order: string[] = [];
    const feed = readAhead(source, 1_000);
    for await (const event of feed.subscribe(undefined, {
      onCaughtUp: () => order.push('caught-up'),
      onCheckpoint: (position) => order.push(`checkpoint ${log.events.findIndex((e) => e.position === position)}`),
      signal: new AbortController().signal,
    })) {
      order.push(event.eventId);
      // The reader runs ahead meanwhile; what it saw must not be reported before the consumer gets there.
      await new Promise(setImmediate);
    }
    const expected = log.events.flatMap((e, i) => ((i + 1) % 10 === 0 ? [e.eventId, `checkpoint ${i}`] : [e.eventId]));
    expect(order.filter((o) => o !== 'caught-up')).toEqual(expected);
  });
});
