import { generateHistories } from '@tagstream/seed';
import { pump, seedBatches } from '../src/seed-batches';

const options = { users: 30, days: 20, seed: 3, now: new Date('2026-11-20T12:00:00Z') };

describe('seedBatches', () => {
  it('cuts the generated events into batches in generator order and counts every user once', () => {
    const batches = [...seedBatches(options, 100)];
    expect(batches.flatMap((b) => b.events)).toEqual([...generateHistories(options)]);
    expect(batches.slice(0, -1).every((b) => b.events.length === 100)).toBe(true);
    expect(batches.reduce((sum, b) => sum + b.usersCompleted, 0)).toBe(30);
  });
});

describe('pump', () => {
  it('never has more than the given number in flight and sends everything', async () => {
    let inFlight = 0;
    let peak = 0;
    const sent: number[] = [];
    await pump([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await Promise.resolve();
      sent.push(n);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(sent.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops after the first failure and throws it', async () => {
    const sent: number[] = [];
    const run = pump([1, 2, 3, 4], 1, async (n) => {
      if (n === 2) throw new Error('store down');
      sent.push(n);
    });
    await expect(run).rejects.toThrow('store down');
    expect(sent).toEqual([1]);
  });
});
