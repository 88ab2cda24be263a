import { SharedReading } from './shared-reading';

/** Reads that answer 1, 2, 3 … only when released; a clock the test moves. */
function setup() {
  let clock = 0;
  const reads: { release: () => void; fail: () => void }[] = [];
  const reading = new SharedReading(
    () =>
      new Promise<number>((resolve, reject) => {
        const n = reads.length + 1;
        reads.push({ release: () => resolve(n), fail: () => reject(new Error(`read ${n} failed`)) });
      }),
    { reuseMs: 250, staleMs: 2_000, now: () => clock },
  );
  return { reading, reads, at: (ms: number) => (clock = ms) };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('SharedReading', () => {
  it('shares one read within reuseMs; the first caller waits for it', async () => {
    const { reading, reads, at } = setup();
    const first = reading.current();
    at(200);
    const second = reading.current();
    expect(reads).toHaveLength(1);
    reads[0].release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
  });

  it('after reuseMs answers the last settled value at once while a new read runs, then the new one', async () => {
    const { reading, reads, at } = setup();
    const first = reading.current();
    reads[0].release();
    await first;
    at(300);
    expect(await reading.current()).toBe(1);
    expect(reads).toHaveLength(2);
    at(400);
    expect(await reading.current()).toBe(1);
    reads[1].release();
    await settle();
    expect(await reading.current()).toBe(2);
    expect(reads).toHaveLength(2);
  });

  it('makes callers wait once the settled value is older than staleMs', async () => {
    const { reading, reads, at } = setup();
    const first = reading.current();
    reads[0].release();
    await first;
    at(2_500);
    const waiting = reading.current();
    let answered: number | undefined;
    void waiting.then((n) => (answered = n));
    await settle();
    expect(answered).toBeUndefined();
    reads[1].release();
    expect(await waiting).toBe(2);
  });

  it('reads again after a failed read instead of sharing the failure', async () => {
    const { reading, reads, at } = setup();
    const first = reading.current();
    reads[0].fail();
    await expect(first).rejects.toThrow('read 1 failed');
    at(10);
    const again = reading.current();
    expect(reads).toHaveLength(2);
    reads[1].release();
    expect(await again).toBe(2);
  });
});
