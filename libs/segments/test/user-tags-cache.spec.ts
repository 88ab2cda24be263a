import fc from 'fast-check';
import { SLOT_WORDS, UserTagsCache } from '../src/user-tags/user-tags-cache';

const userIds = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);
const records = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 40 }).map((words) => Uint32Array.from(words));

function recordIn(cache: UserTagsCache, entry: number, length: number): number[] {
  const { words, offset } = cache.recordOf(entry);
  return [...words.subarray(offset, offset + length)];
}

describe('UserTagsCache', () => {
  it('finds what was set by user id and by surrogate, short and oversized records alike', () => {
    const cache = new UserTagsCache(10);
    const long = Uint32Array.from({ length: SLOT_WORDS * 3 }, (_, i) => i * 7);
    cache.set('u-1', 1, Uint32Array.of(5, 6));
    cache.set('a'.repeat(64), 2, long);
    expect(cache.surrogateOf(cache.findUser('u-1'))).toBe(1);
    expect(recordIn(cache, cache.findUser('u-1'), 2)).toEqual([5, 6]);
    expect(recordIn(cache, cache.findSurrogate(2), long.length)).toEqual([...long]);
    expect(cache.findUser('u-2')).toBe(-1);
    expect(cache.findUser('u-')).toBe(-1);
    expect(cache.stats().oversized).toBe(1);
  });

  it('never holds more than its capacity, and evicts an entry not read since the hand passed', () => {
    const cache = new UserTagsCache(3);
    cache.set('a', 1, Uint32Array.of(1));
    cache.set('b', 2, Uint32Array.of(2));
    cache.set('c', 3, Uint32Array.of(3));
    cache.set('d', 4, Uint32Array.of(4)); // every bit set: the hand clears them and evicts the first
    expect(cache.size).toBe(3);
    expect(cache.findUser('a')).toBe(-1);
    cache.findUser('b');
    cache.set('e', 5, Uint32Array.of(5));
    expect(cache.findUser('b')).toBeGreaterThanOrEqual(0);
    expect(cache.size).toBe(3);
  });

  it('agrees with a Map under random sets, replaces and evictions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('set' as const), user: fc.integer({ min: 0, max: 60 }), surrogate: fc.integer({ min: 1, max: 80 }), record: records }),
            fc.record({ op: fc.constant('replace' as const), surrogate: fc.integer({ min: 1, max: 80 }), record: records }),
            fc.record({ op: fc.constant('evict' as const), surrogate: fc.integer({ min: 1, max: 80 }) }),
          ),
          { maxLength: 300 },
        ),
        fc.array(userIds, { minLength: 61, maxLength: 61 }),
        (ops, names) => {
          const cache = new UserTagsCache(1_000);
          const model = new Map<number, { user: string; record: number[] }>();
          for (const op of ops) {
            if (op.op === 'set') {
              const user = names[op.user];
              for (const [surrogate, held] of model) if (held.user === user) model.delete(surrogate);
              model.set(op.surrogate, { user, record: [...op.record] });
              cache.set(user, op.surrogate, op.record);
            } else if (op.op === 'replace') {
              const held = model.get(op.surrogate);
              expect(cache.replace(op.surrogate, op.record)).toBe(held !== undefined);
              if (held) held.record = [...op.record];
            } else {
              expect(cache.evict(op.surrogate)).toBe(model.delete(op.surrogate));
            }
          }
          expect(cache.size).toBe(model.size);
          for (const [surrogate, held] of model) {
            const entry = cache.findUser(held.user);
            expect(entry).toBe(cache.findSurrogate(surrogate));
            expect(cache.surrogateOf(entry)).toBe(surrogate);
            expect(recordIn(cache, entry, held.record.length)).toEqual(held.record);
          }
          for (let surrogate = 1; surrogate <= 80; surrogate++) if (!model.has(surrogate)) expect(cache.findSurrogate(surrogate)).toBe(-1);
        },
      ),
    );
  });

  it('keeps every entry findable while it grows and evicts at capacity', () => {
    const cache = new UserTagsCache(5_000);
    for (let i = 0; i < 12_000; i++) cache.set(`user-${i}`, i + 1, Uint32Array.of(i));
    expect(cache.size).toBe(5_000);
    let found = 0;
    for (let i = 0; i < 12_000; i++) {
      const entry = cache.findUser(`user-${i}`);
      if (entry < 0) continue;
      found++;
      expect(cache.surrogateOf(entry)).toBe(i + 1);
      expect(recordIn(cache, entry, 1)).toEqual([i]);
      expect(cache.findSurrogate(i + 1)).toBe(entry);
    }
    expect(found).toBe(5_000);
  });
});
