import { createProgress } from './progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('createProgress', () => {
  it('prints plain throttled lines with share and rate when not on a terminal', () => {
    let t = 0;
    const { stream, writes } = fakeStream(false);
    const progress = createProgress('seed', { total: 200, unit: 'events', stream, intervalMs: 1000, now: () => t });
    t = 500;
    progress.tick(50); // under the interval: nothing yet
    expect(writes).toHaveLength(0);
    t = 1000;
    progress.tick(50);
    expect(writes).toEqual(['seed [############------------] 50.0% 100/200 events 100/s eta 1s\n']);
    t = 2000;
    progress.done('finished');
    expect(writes.slice(1)).toEqual(['seed [############------------] 50.0% 100/200 events 50/s eta 2s\n', 'seed: finished\n']);
  });

  it('redraws a single line on a terminal', () => {
    let t = 0;
    const { stream, writes } = fakeStream(true);
    const progress = createProgress('rebuild', { stream, intervalMs: 0, now: () => t });
    t = 1000;
    progress.set(10);
    expect(writes[0]).toBe('\rrebuild: 10 items (10/s)\x1b[K');
  });
});
