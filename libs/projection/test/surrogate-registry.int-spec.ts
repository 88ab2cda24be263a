import { EventStoreSurrogateRegistry, SURROGATE_ALLOCATION_STREAM, surrogateStreamName } from '@tagstream/projection';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';

jest.setTimeout(60_000);

describe('surrogate registry on the real event store', () => {
  let es: TestEventStore;
  const run = `r${Date.now().toString(36)}`;
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${run}-${prefix}-${i}`);

  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(async () => {
    await es?.stop();
  });

  it('assigns dense numbers once per user, and a fresh registry (a rebuild) reads the same ones back', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const first = await registry.surrogatesFor(ids('a', 5));
    const again = await registry.surrogatesFor([...ids('a', 5).reverse(), ...ids('b', 3)]);
    const numbers = [...again.values()];
    expect(new Set(numbers).size).toBe(8);
    for (const [id, surrogate] of first) expect(again.get(id)).toBe(surrogate);
    // Dense: the batch of 8 users took 8 consecutive numbers (no gaps without crashes or races).
    const sorted = numbers.sort((x, y) => x - y);
    expect(sorted[sorted.length - 1] - sorted[0]).toBe(7);

    const rebuilt = new EventStoreSurrogateRegistry(es.store, { cacheSize: 2 });
    expect(await rebuilt.surrogatesOf([...ids('a', 5), ...ids('b', 3)])).toEqual(again);
    expect(await rebuilt.surrogatesFor(ids('a', 5))).toEqual(first);
  });

  it('keeps the mapping only in per-user streams; the allocation stream holds no user id', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [userId] = ids('c', 1);
    const surrogate = (await registry.surrogatesFor([userId])).get(userId);
    const mapping = [];
    for await (const event of es.store.readStream(surrogateStreamName(userId))) mapping.push(event);
    expect(mapping.map((e) => [e.type, e.data])).toEqual([['SurrogateAssigned', { surrogate }]]);
    for await (const event of es.store.readStream(SURROGATE_ALLOCATION_STREAM)) {
      expect(JSON.stringify(event.data)).not.toContain(run);
      expect(JSON.stringify(event.metadata ?? {})).not.toContain(run);
    }
  });

  it('never gives one number to two people when two writers race', async () => {
    const users = ids('race', 40);
    const [a, b] = [new EventStoreSurrogateRegistry(es.store), new EventStoreSurrogateRegistry(es.store)];
    const [fromA, fromB] = await Promise.all([a.surrogatesFor(users), b.surrogatesFor([...users].reverse())]);
    expect(fromA).toEqual(fromB);
    expect(new Set(fromA.values()).size).toBe(users.length);
  });

  it('returns only known users from the read-only lookup, and assigns nothing', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [known, unknown] = ids('d', 2);
    await registry.surrogatesFor([known]);
    const looked = await registry.surrogatesOf([known, unknown]);
    expect([...looked.keys()]).toEqual([known]);
    expect(await registry.surrogateOf(unknown)).toBeUndefined();
    expect(await new EventStoreSurrogateRegistry(es.store).surrogateOf(unknown)).toBeUndefined();
  });

  it('forgets a person for good: the mapping is gone and is never assigned again', async () => {
    const registry = new EventStoreSurrogateRegistry(es.store);
    const [gone, kept] = ids('e', 2);
    const before = await registry.surrogatesFor([gone, kept]);
    expect(await registry.forget(gone)).toBe(true);
    expect(await registry.forget(gone)).toBe(false);
    expect(await registry.surrogateOf(gone)).toBeUndefined();
    const after = await new EventStoreSurrogateRegistry(es.store).surrogatesFor([gone, kept]);
    expect(after.has(gone)).toBe(false);
    expect(after.get(kept)).toBe(before.get(kept));
    // A person never mapped can be forgotten too, so the projector never maps them later.
    const [never] = ids('never', 1);
    expect(await registry.forget(never)).toBe(false);
    expect((await registry.surrogatesFor([never])).has(never)).toBe(false);
  });
});
