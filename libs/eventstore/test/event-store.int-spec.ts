import { randomUUID } from 'node:crypto';
import { ServiceUnavailableError, ValidationFailedError, ConflictError } from '@tagstream/common';
import { ConcurrencyError, EventStore, StreamDeletedError, type StoredEvent, type StorePosition } from '@tagstream/eventstore';
import { startTestEventStore, type TestEventStore } from '@tagstream/testing';

const stream = (prefix = 'adapter') => `${prefix}-${randomUUID().replace(/-/g, '')}`;
const event = (n: number, type = 'Tested') => ({ id: randomUUID(), type, data: { n }, metadata: { schemaVersion: 1 } });

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('EventStore adapter', () => {
  let target: TestEventStore;
  let store: EventStore;

  beforeAll(async () => {
    target = await startTestEventStore();
    store = target.store;
  });
  afterAll(() => target.stop());

  it('appends with an expected revision and reads back the stored shape', async () => {
    const s = stream();
    const result = await store.append(s, [event(0), event(1)], 'no_stream');
    expect(result.nextRevision).toBe(1n);
    const read = await all(store.readStream(s));
    expect(read).toHaveLength(2);
    expect(read[1]).toMatchObject({ streamId: s, revision: 1n, type: 'Tested', data: { n: 1 }, metadata: { schemaVersion: 1 } });
    expect(read[1].position).toEqual(result.position);
    expect(read[1].created).toBeInstanceOf(Date);
    const backwards = await all(store.readStream(s, { direction: 'backwards', maxCount: 1 }));
    expect(backwards.map((e) => e.revision)).toEqual([1n]);
  });

  it('maps a wrong expected version to a ConcurrencyError carrying expected and actual', async () => {
    const s = stream();
    await store.append(s, [event(0)]);
    const error = await store.append(s, [event(1)], 5n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ stream: s, expected: 5n, actual: 0n, status: 409 });
  });

  it('reads a missing stream as empty, and a tombstoned one as StreamDeletedError', async () => {
    expect(await all(store.readStream(stream('missing')))).toEqual([]);
    const s = stream();
    await store.append(s, [event(0)]);
    await store.tombstoneStream(s);
    await expect(all(store.readStream(s))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(store.append(s, [event(1)])).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('soft-deletes a stream so it reads as empty', async () => {
    const s = stream();
    await store.append(s, [event(0)]);
    await store.deleteStream(s);
    expect(await all(store.readStream(s))).toEqual([]);
  });

  it('rejects events without a UUID id before sending them', async () => {
    await expect(store.append(stream(), [{ id: 'not-a-uuid', type: 'T', data: {} }])).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });

  it('stops a read early without leaving the call open', async () => {
    const s = stream();
    await store.append(s, Array.from({ length: 50 }, (_, i) => event(i)));
    for await (const e of store.readStream(s)) {
      expect(e.revision).toBe(0n);
      break;
    }
    const [first] = await all(store.readAll({ maxCount: 1 }));
    expect(first).toBeDefined();
  });

  it('subscribes to $all by stream prefix from a checkpoint (exclusive), calling onCheckpoint only after earlier events', async () => {
    const prefix = stream('sub');
    const written: StorePosition[] = [];
    for (let i = 0; i < 6; i++) written.push((await store.append(`${prefix}-${i % 2}`, [event(i)])).position);
    await store.append(stream('other'), [event(99)]);
    const processed: number[] = [];
    const checkpointsSeen: Array<{ position: StorePosition; processedBefore: number }> = [];
    let caughtUp = false;
    const sub = store.subscribeToAll({
      from: written[1],
      streamPrefixes: [prefix],
      onCheckpoint: (position) => void checkpointsSeen.push({ position, processedBefore: processed.length }),
      onCaughtUp: () => {
        caughtUp = true;
        void store.append(`${prefix}-0`, [event(6)]);
      },
    });
    for await (const e of sub) {
      processed.push((e.data as { n: number }).n);
      if (processed.length === 5) break;
    }
    await sub.unsubscribe();
    expect(processed).toEqual([2, 3, 4, 5, 6]);
    expect(caughtUp).toBe(true);
    for (const cp of checkpointsSeen) {
      // Every event at or before the checkpoint was processed before the callback ran.
      const before = [2, 3, 4, 5].filter((_, i) => written[i + 2].commit <= cp.position.commit).length;
      expect(cp.processedBefore).toBeGreaterThanOrEqual(before);
    }
  });

  it('filters a subscription by event type prefix and leaves system events out', async () => {
    const s = stream();
    const tag = `T${randomUUID().slice(0, 8)}`;
    await store.append(s, [event(0, `${tag}Wanted`), event(1, `${tag}Other`), event(2, `${tag}Wanted`)]);
    await store.setStreamMetadata(s, { owner: 'test' });
    const sub = store.subscribeToAll({ eventTypePrefixes: [`${tag}Wanted`] });
    const got: StoredEvent[] = [];
    for await (const e of sub) {
      got.push(e);
      if (got.length === 2) break;
    }
    await sub.unsubscribe();
    expect(got.map((e) => (e.data as { n: number }).n)).toEqual([0, 2]);
  });

  it('answers ping, and maps an unreachable server to ServiceUnavailableError', async () => {
    expect(await store.ping()).toBe(true);
    const dead = new EventStore('esdb://127.0.0.1:1?tls=false');
    expect(await dead.ping()).toBe(false);
    await expect(dead.append(stream(), [event(0)])).rejects.toBeInstanceOf(ServiceUnavailableError);
    await dead.close();
  });
});
