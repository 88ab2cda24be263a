import { StreamTailCache } from '../src/stream-tail-cache';

const tail = (revision: bigint, ...ids: string[]) => ({ revision, ids: new Set(ids), complete: true });

describe('StreamTailCache', () => {
  it('bounds the ids it holds, evicting the least recently used users first', () => {
    const cache = new StreamTailCache(5);
    cache.set('a', tail(1n, 'a1', 'a2'));
    cache.set('b', tail(1n, 'b1', 'b2'));
    cache.get('a'); // a is now the most recently used
    cache.set('c', tail(1n, 'c1', 'c2'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.ids).toEqual(new Set(['a1', 'a2']));
    expect(cache.size).toEqual({ users: 2, ids: 4 });
  });

  it('replaces a user entry and keeps the count right', () => {
    const cache = new StreamTailCache(100);
    cache.set('a', tail(1n, 'a1'));
    cache.set('a', tail(2n, 'a1', 'a2'));
    expect(cache.size).toEqual({ users: 1, ids: 2 });
    cache.forget('a');
    expect(cache.size).toEqual({ users: 0, ids: 0 });
  });
});
