import { EventIdCache } from '../src/storage/event-id-cache';

describe('EventIdCache', () => {
  it('keeps the last `capacity` ids and forgets older ones', () => {
    const cache = new EventIdCache(3);
    ['a', 'b', 'c', 'd', 'e'].forEach((id, ordinal) => cache.set(id, ordinal));
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => cache.get(id))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('does not forget an id set again when its older insertion leaves the ring', () => {
    const cache = new EventIdCache(2);
    cache.set('a', 0);
    cache.set('b', 1);
    cache.set('a', 2); // evicts the first insertion of 'a', which no longer maps to 0
    expect(cache.get('a')).toBe(2);
    cache.set('c', 3); // evicts 'b'
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([2, undefined, 3]);
  });

  it('forgets a deleted id', () => {
    const cache = new EventIdCache(4);
    cache.set('a', 0);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
