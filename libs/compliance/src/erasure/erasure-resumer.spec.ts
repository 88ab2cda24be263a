import { PendingErasure } from './erasure-registry';
import { ResumeLoop } from './erasure-resumer';
import { ResumeOutcome } from './erasure.service';

/** A pending erasure list that the resume function empties, and a resume that fails while `down` is true. */
function world(pending: PendingErasure[]) {
  const logs: { level: string; fields: Record<string, unknown> }[] = [];
  const state = { down: true, attempts: 0 };
  const loop = new ResumeLoop({
    pending: async () => [...pending],
    resume: async (erasure): Promise<ResumeOutcome> => {
      state.attempts++;
      if (state.down) throw new Error('ClickHouse is unreachable');
      pending.splice(pending.indexOf(erasure), 1);
      return 'completed';
    },
    log: (level, fields) => logs.push({ level, fields }),
    retryInitialMs: 1,
    retryMaxMs: 4,
  });
  return { loop, logs, state, pending };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('ResumeLoop', () => {
  it('keeps retrying an erasure whose resume fails, logging each failure with its hash, until it completes', async () => {
    const w = world([{ userIdHash: 'h1', surrogate: 7 }]);
    await w.loop.start();
    expect(w.pending).toHaveLength(1);
    expect(w.logs[0]).toEqual({
      level: 'error',
      fields: { msg: 'erasure resume failed; will retry', userIdHash: 'h1', attempt: 1, error: 'ClickHouse is unreachable' },
    });
    await until(() => w.state.attempts >= 3);
    w.state.down = false;
    await until(() => w.pending.length === 0);
    expect(w.logs.at(-1)).toEqual({ level: 'log', fields: { msg: 'erasure completed on resume', userIdHash: 'h1' } });
    const attempts = w.state.attempts;
    await w.loop.stop();
    expect(w.state.attempts).toBe(attempts);
  });

  it('retries when the recorded erasures cannot even be read', async () => {
    let reads = 0;
    const logs: Record<string, unknown>[] = [];
    const loop = new ResumeLoop({
      pending: async () => {
        if (++reads < 3) throw new Error('event store unavailable');
        return [];
      },
      resume: async () => 'completed',
      log: (_level, fields) => logs.push(fields),
      retryInitialMs: 1,
    });
    await loop.start();
    await until(() => reads === 3);
    await loop.stop();
    expect(logs[0]).toEqual({ msg: 'erasure resume: cannot read the recorded erasures; will retry', error: 'event store unavailable' });
  });

  it('does not retry an erasure that needs the request again, and stops cleanly', async () => {
    const logs: Record<string, unknown>[] = [];
    let resumes = 0;
    const loop = new ResumeLoop({
      pending: async () => [{ userIdHash: 'legacy', surrogate: null }],
      resume: async () => (resumes++, 'needs_request'),
      log: (_level, fields) => logs.push(fields),
      retryInitialMs: 1,
    });
    await loop.start();
    await loop.stop();
    expect(resumes).toBe(1);
    expect(logs).toEqual([{ msg: 'erasure resume: no ticket holds the user id; repeat DELETE /v1/users/{id} to finish it', userIdHash: 'legacy' }]);
  });
});
