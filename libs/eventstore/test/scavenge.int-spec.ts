import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, StreamDeletedError, type StoredEvent } from '@tagstream/eventstore';
import { EmbeddedEventStoreServer, type RunningEventStoreServer } from '@tagstream/eventstore-server';

// Embedded server only: the raw data files are scanned, which needs the server's directory.

const canary = (label: string) => `canary-${label}-${randomUUID()}`;
const withCanary = (text: string) => ({ id: randomUUID(), type: 'Tested', data: { text }, metadata: { note: `meta-${text}` } });

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Every byte of every file under the data directory. */
function rawFiles(dir: string): Buffer[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)));
}

function foundIn(files: Buffer[], text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  return files.some((file) => file.includes(needle));
}

const brief = (e: StoredEvent) => ({ streamId: e.streamId, revision: e.revision, position: e.position, data: e.data });

describe('scavenge: deleted events are physically removed', () => {
  let dataDir: string;
  let server: RunningEventStoreServer;
  let store: EventStore;

  const erasedStream = `user-${canary('erased-name')}`;
  const erased = [canary('erased'), canary('erased'), canary('erased')];
  const softStream = `soft-${randomUUID()}`;
  const soft = [canary('soft'), canary('soft')];
  const cappedStream = `capped-${randomUUID()}`;
  const capped = [0, 1, 2, 3, 4].map(() => canary('capped'));
  const keptStreams = [`kept-${randomUUID()}`, `kept-${randomUUID()}`];
  const kept = [canary('kept'), canary('kept'), canary('kept'), canary('kept')];

  let keptBefore: ReturnType<typeof brief>[];

  const start = async () => {
    server = await EmbeddedEventStoreServer.start({ dataDir });
    store = new EventStore(server.connectionString);
  };
  const stop = async () => {
    await store.close();
    await server.stop();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-scavenge-'));
    await start();
    // Interleaved, so removed records sit between records that must stay where they are.
    await store.append(keptStreams[0], [withCanary(kept[0])]);
    await store.append(erasedStream, erased.slice(0, 2).map(withCanary));
    await store.append(keptStreams[1], [withCanary(kept[1])]);
    await store.append(softStream, soft.map(withCanary));
    await store.append(erasedStream, [withCanary(erased[2])]);
    await store.append(cappedStream, capped.map(withCanary));
    await store.setStreamMetadata(`${erasedStream}`, { owner: erasedStream } as never);
    await store.append(keptStreams[0], [withCanary(kept[2])]);
    await store.append(keptStreams[1], [withCanary(kept[3])]);
    keptBefore = (await all(store.readAll())).filter((e) => keptStreams.includes(e.streamId)).map(brief);
    expect(keptBefore).toHaveLength(4);
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps deleted events on disk until a scavenge', async () => {
    await store.tombstoneStream(erasedStream);
    await store.deleteStream(softStream);
    await store.setStreamMetadata(cappedStream, { maxCount: 2 });
    const files = rawFiles(dataDir);
    for (const text of [...erased, ...soft, ...capped, erasedStream]) expect(foundIn(files, text)).toBe(true);
  });

  it('removes every byte of them, and of the tombstoned stream name, leaving everything else where it was', async () => {
    const live: StoredEvent[] = [];
    let caughtUp = false;
    const subscription = store.subscribeToAll({ onCaughtUp: () => (caughtUp = true) });
    const consuming = (async () => {
      for await (const event of subscription) {
        live.push(event);
        if (event.type === 'AfterScavenge') break;
      }
    })();

    await store.scavenge();

    const files = rawFiles(dataDir);
    for (const text of [...erased, erasedStream, ...soft, ...capped.slice(0, 3)]) expect(foundIn(files, text)).toBe(false);
    for (const text of [...kept, ...capped.slice(3), softStream, cappedStream]) expect(foundIn(files, text)).toBe(true);

    const everything = await all(store.readAll());
    const positions = everything.map((e) => e.position.commit);
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    expect(everything.filter((e) => keptStreams.includes(e.streamId)).map(brief)).toEqual(keptBefore);
    expect(everything.some((e) => e.streamId.includes(erasedStream) || e.streamId === softStream)).toBe(false);
    expect((await all(store.readStream(cappedStream))).map((e) => e.data)).toEqual(capped.slice(3).map((text) => ({ text })));
    expect(await all(store.readAll({ direction: 'backwards' }))).toEqual([...everything].reverse());

    await store.append(keptStreams[0], [{ id: randomUUID(), type: 'AfterScavenge', data: {} }]);
    await consuming;
    expect(caughtUp).toBe(true);
    const seen = live.filter((e) => keptStreams.includes(e.streamId));
    expect(seen.slice(0, 4).map(brief)).toEqual(keptBefore);
    await subscription.unsubscribe();

    // A subscriber starting after the scavenge never sees the removed events.
    const fresh: StoredEvent[] = [];
    const again = store.subscribeToAll({});
    for await (const event of again) {
      fresh.push(event);
      if (event.type === 'AfterScavenge') break;
    }
    await again.unsubscribe();
    expect(fresh.some((e) => e.streamId === erasedStream || e.streamId === softStream)).toBe(false);
    expect(fresh.filter((e) => keptStreams.includes(e.streamId)).slice(0, 4).map(brief)).toEqual(keptBefore);
    expect(fresh.filter((e) => e.streamId === cappedStream)).toHaveLength(2);
  });

  it('still refuses the tombstoned stream and continues the soft-deleted one after a restart', async () => {
    await stop();
    await start();
    await expect(store.append(erasedStream, [withCanary('again')])).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(all(store.readStream(erasedStream))).rejects.toBeInstanceOf(StreamDeletedError);
    expect(await all(store.readStream(softStream))).toEqual([]);
    const result = await store.append(softStream, [withCanary('recreated')]);
    expect(result.nextRevision).toBe(2n);
    expect((await all(store.readStream(softStream))).map((e) => e.revision)).toEqual([2n]);
    const keptAfter = (await all(store.readAll())).filter((e) => keptStreams.includes(e.streamId) && e.type === 'Tested');
    expect(keptAfter.map(brief)).toEqual(keptBefore);
    const files = rawFiles(dataDir);
    for (const text of [...erased, erasedStream, ...soft]) expect(foundIn(files, text)).toBe(false);
  });

  it('keeps appends made while it runs, and removes what was deleted before it', async () => {
    const victim = `user-${canary('concurrent-name')}`;
    const secret = canary('concurrent');
    await store.append(victim, [withCanary(secret)]);
    await store.tombstoneStream(victim);
    const busy = `busy-${randomUUID()}`;
    const writes = Array.from({ length: 50 }, (_, i) => store.append(busy, [withCanary(`busy-${i}`)]));
    await Promise.all([store.scavenge(), ...writes]);
    expect(await all(store.readStream(busy))).toHaveLength(50);
    const files = rawFiles(dataDir);
    expect(foundIn(files, secret) || foundIn(files, victim)).toBe(false);
  });

  it('reports what each scavenge removed in its $scavenges stream, and finds nothing left the second time', async () => {
    await store.scavenge();
    const completed = (await all(store.readAll())).filter((e) => e.type === '$scavengeCompleted');
    // 3 erased events, their stream's metadata event and its tombstone; 2 soft-deleted; 3 beyond maxCount.
    // Then the concurrent test's event and tombstone; then nothing.
    expect(completed.map((e) => (e.data as { result: string; recordsScavenged: number }).recordsScavenged)).toEqual([10, 2, 0]);
    expect(completed.every((e) => (e.data as { result: string }).result === 'Success')).toBe(true);
  });
});
