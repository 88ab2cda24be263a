import type { UserLabels } from '../labels/label-queries';
import { UserLabelsBatcher } from './user-labels-batcher';

const labelsOf = (user: number, day: string): UserLabels => ({ personalized: true, state: [`s:${user}`], activity: [{ tag: day, last7d: user, last30d: user, last90d: user }] });

/** A reader that answers each read from the user number, records it, and answers only when released. */
function heldReader(known = (user: number) => user % 10 !== 0) {
  const reads: { users: number[]; day: string; release: () => void; fail: (error: Error) => void }[] = [];
  const read = (users: readonly number[], asOf: Date) =>
    new Promise<Map<number, UserLabels>>((resolve, reject) => {
      const day = asOf.toISOString().slice(0, 10);
      reads.push({
        users: [...users],
        day,
        release: () => resolve(new Map(users.filter(known).map((user) => [user, labelsOf(user, day)]))),
        fail: reject,
      });
    });
  return { reads, read };
}

const DAY1 = new Date('2026-11-20T12:00:00Z');
const DAY1_LATER = new Date('2026-11-20T23:59:59Z');
const DAY2 = new Date('2026-11-21T00:00:00Z');

/** Lets pending promise callbacks run. */
const settle = () => new Promise((done) => setImmediate(done));

describe('UserLabelsBatcher', () => {
  it('reads a lone lookup at once, and the lookups that arrive meanwhile in one shared read', async () => {
    const { reads, read } = heldReader();
    const batcher = new UserLabelsBatcher(read);
    const first = batcher.load([1], DAY1);
    expect(reads.map((r) => r.users)).toEqual([[1]]);
    const waiting = [batcher.load([2, 3], DAY1), batcher.load([3, 4], DAY1_LATER), batcher.load([10], DAY1)];
    expect(reads).toHaveLength(1);
    reads[0].release();
    expect(await first).toEqual(new Map([[1, labelsOf(1, '2026-11-20')]]));
    await settle();
    expect(reads.map((r) => r.users)).toEqual([[1], [2, 3, 4, 10]]);
    reads[1].release();
    const [a, b, c] = await Promise.all(waiting);
    expect([...a.keys()]).toEqual([2, 3]);
    expect([...b.keys()]).toEqual([3, 4]);
    expect(b.get(4)).toEqual(labelsOf(4, '2026-11-20'));
    expect(c.size).toBe(0);
  });

  it('never mixes days: the windows end with the day of asOf', async () => {
    const { reads, read } = heldReader();
    const batcher = new UserLabelsBatcher(read);
    const first = batcher.load([1], DAY1);
    const later = [batcher.load([2], DAY2), batcher.load([3], DAY1), batcher.load([4], DAY2)];
    reads[0].release();
    await first;
    await settle();
    expect(reads.map((r) => [r.day, r.users])).toEqual([
      ['2026-11-20', [1]],
      ['2026-11-21', [2, 4]],
    ]);
    reads[1].release();
    await settle();
    expect(reads.map((r) => [r.day, r.users])[2]).toEqual(['2026-11-20', [3]]);
    reads[2].release();
    const answers = await Promise.all(later);
    expect(answers.map((answer) => [...answer.values()][0].activity[0].tag)).toEqual(['2026-11-21', '2026-11-20', '2026-11-21']);
  });

  it('keeps each read within its user limit, taking whole lookups', async () => {
    const { reads, read } = heldReader();
    const batcher = new UserLabelsBatcher(read, 4);
    const first = batcher.load([1], DAY1);
    const later = [batcher.load([2, 3, 4], DAY1), batcher.load([5, 6], DAY1), batcher.load([7], DAY1)];
    reads[0].release();
    await first;
    await settle();
    expect(reads[1].users).toEqual([2, 3, 4, 7]);
    reads[1].release();
    await settle();
    expect(reads[2].users).toEqual([5, 6]);
    reads[2].release();
    expect((await Promise.all(later)).map((answer) => [...answer.keys()])).toEqual([[2, 3, 4], [5, 6], [7]]);
  });

  it('fails the lookups of a failed read only, and reads again afterwards', async () => {
    const { reads, read } = heldReader();
    const batcher = new UserLabelsBatcher(read);
    const first = batcher.load([1], DAY1);
    const shared = [batcher.load([2], DAY1), batcher.load([3], DAY1)];
    reads[0].fail(new Error('clickhouse down'));
    await expect(first).rejects.toThrow('clickhouse down');
    await settle();
    reads[1].release();
    expect((await Promise.all(shared)).map((answer) => answer.size)).toEqual([1, 1]);
    const after = batcher.load([4], DAY1);
    expect(reads).toHaveLength(3);
    reads[2].release();
    expect((await after).has(4)).toBe(true);
  });
});
