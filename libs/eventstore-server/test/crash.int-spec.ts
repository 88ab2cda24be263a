import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes, randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';

const ROOT = resolve(__dirname, '../../..');

interface Standalone {
  child: ChildProcess;
  connectionString: string;
  lines: Array<Record<string, unknown>>;
}

/** Starts `apps/eventstore` as a child process and waits for its "listening" log line. */
function startStandalone(dataDir: string): Promise<Standalone> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'apps/eventstore/src/main.ts', '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`event store exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      if (typeof parsed.connectionString === 'string') {
        child.removeAllListeners('exit');
        resolvePromise({ child, connectionString: parsed.connectionString, lines });
      }
    });
  });
}

interface Acked {
  stream: string;
  id: string;
  revision: bigint;
  commit: bigint;
}

describe('crash safety of the standalone server', () => {
  jest.setTimeout(90_000);
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-esdb-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged event, in order and at the same position, after SIGKILL and a torn tail', async () => {
    const first = await startStandalone(dataDir);
    const client = EventStoreDBClient.connectionString(first.connectionString);
    const acked: Acked[] = [];
    let killed = false;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const stream = `crash-${w}-${i % 5}`;
        const batch = Array.from({ length: 1 + (i % 3) }, () => jsonEvent({ id: randomUUID(), type: 'Crashed', data: { w, i } }));
        try {
          const result = await client.appendToStream(stream, batch);
          // The client reports the last event's revision and position; earlier ones are checked through it.
          acked.push({ stream, id: batch[batch.length - 1].id, revision: result.nextExpectedRevision, commit: result.position!.commit });
        } catch {
          return; // the server died mid-append: that append was never acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.length < 400) await new Promise((r) => setImmediate(r));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await client.dispose().catch(() => undefined);
    await new Promise((r) => first.child.once('exit', r));

    // A write torn by the crash: garbage after the last complete record.
    appendFileSync(join(dataDir, 'events.log'), randomBytes(37));

    const second = await startStandalone(dataDir);
    const reader = EventStoreDBClient.connectionString(second.connectionString);
    try {
      expect(second.lines.some((l) => l.msg === 'cut a torn record from the end of the event log')).toBe(true);
      for (const ack of acked) {
        const found: Array<{ id: string; revision: bigint; commit: bigint }> = [];
        for await (const e of reader.readStream(ack.stream, { fromRevision: ack.revision, maxCount: 1 })) {
          found.push({ id: e.event!.id, revision: e.event!.revision, commit: e.event!.position!.commit });
        }
        expect(found).toEqual([{ id: ack.id, revision: ack.revision, commit: ack.commit }]);
      }
      let previous = -1n;
      let count = 0;
      for await (const e of reader.readAll()) {
        expect(e.event!.position!.commit).toBeGreaterThan(previous);
        previous = e.event!.position!.commit;
        count++;
      }
      expect(count).toBeGreaterThanOrEqual(acked.length);
      // Still writable after recovery, and positions keep growing.
      const after = await reader.appendToStream('crash-after', jsonEvent({ type: 'Recovered', data: {} }));
      expect(after.position!.commit).toBeGreaterThan(previous);
    } finally {
      await reader.dispose();
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
