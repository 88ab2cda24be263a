import { randomUUID } from 'node:crypto';
import { EventStoreSurrogateRegistry, surrogateStreamName } from '@tagstream/projection';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';

jest.setTimeout(60_000);

/** The admin delivery's surrogate → platform id lookup, against the real embedded event store. */
describe('surrogate → platform id lookup on the real event store', () => {
  let es: TestEventStore;
  const run = `rl${Date.now().toString(36)}`;
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${run}-${prefix}-${i}`);
  const inverse = (mapping: Map<string, number>) => new Map([...mapping].map(([userId, surrogate]) => [surrogate, userId]));

  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(async () => {
    await es?.stop();
  });

  it('gives back exactly the platform ids of the asked surrogates, across allocation batches and unrelated events', async () => {
    const writer = new EventStoreSurrogateRegistry(es.store);
    const assigned = new Map<string, number>();
    for (const batch of ['a', 'b', 'c', 'd']) {
      for (const [id, s] of await writer.surrogatesFor(ids(batch, 25))) assigned.set(id, s);
      // Other streams between the mapping batches, as user events are in production.
      await es.store.append(`user-${run}-${batch}`, [{ id: randomUUID(), type: 'UserRegistered', data: {} }]);
    }
    const reader = new EventStoreSurrogateRegistry(es.store);
    const all = inverse(assigned);
    const asked = [...all.keys()].filter((_, i) => i % 3 === 0);
    expect(await reader.platformIdsOf(asked)).toEqual(new Map(asked.map((s) => [s, all.get(s)])));

    // A page from the middle (ascending, as snapshot pages are) starts its scan at a later allocation.
    const later = [...all.keys()].sort((x, y) => x - y).slice(60, 80);
    expect(await reader.platformIdsOf(later)).toEqual(new Map(later.map((s) => [s, all.get(s)])));
  });

  it('leaves out surrogates that were never assigned and answers an empty question at once', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [id] = ids('e', 1);
    const surrogate = (await registry.surrogatesFor([id])).get(id)!;
    expect(await registry.platformIdsOf([surrogate, 4_000_000_000])).toEqual(new Map([[surrogate, id]]));
    expect(await registry.platformIdsOf([])).toEqual(new Map());
  });

  it('never gives back a forgotten (erased) mapping', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [kept, erased] = ids('f', 2);
    const mapping = await registry.surrogatesFor([kept, erased]);
    await registry.forget(erased);
    const asked = [mapping.get(kept)!, mapping.get(erased)!];
    expect(await new EventStoreSurrogateRegistry(es.store).platformIdsOf(asked)).toEqual(new Map([[mapping.get(kept)!, kept]]));
  });

  it('drops a mapping whose stream is seen tombstoned later in the scan, before any scavenge', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [kept, erased] = ids('g', 2);
    const mapping = await registry.surrogatesFor([kept, erased]);
    // Tombstone only (what EventStoreDB leaves in `$all` until it scavenges).
    await es.store.tombstoneStream(surrogateStreamName(erased));
    const unknown = 4_000_000_001; // never found, so the scan reads on to the tombstone
    const answer = await registry.platformIdsOf([mapping.get(kept)!, mapping.get(erased)!, unknown]);
    expect(answer).toEqual(new Map([[mapping.get(kept)!, kept]]));
  });
});
