import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRandom } from '@tagstream/seed';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { appendEvents, generatedEvents } from './support/event-store-ports';

jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..', '..', '..');
const CHILD = 'libs/projection/test/support/projector-child.ts';
const START_TIMEOUT_MS = 120_000;

interface Child {
  process: ChildProcess;
  /** Resolves with the n-th JSON line on stdout; rejects if the process ends first or the bound passes. */
  line(n: number, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

function startChild(mode: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', CHILD, mode], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (chunk) => {
    partial += String(chunk);
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const text of complete) if (text.trim()) lines.push(JSON.parse(text));
    waiters.splice(0).forEach((wake) => wake());
  });
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let ended = false;
  void exited.then(() => ((ended = true), waiters.splice(0).forEach((wake) => wake())));
  const line = (n: number, timeoutMs = START_TIMEOUT_MS) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no line ${n} from ${mode} within ${timeoutMs} ms:\n${err}`)), timeoutMs);
      const check = () => {
        if (lines.length >= n) return clearTimeout(timer), done(lines[n - 1]);
        if (ended) return clearTimeout(timer), fail(new Error(`${mode} exited after ${lines.length} lines:\n${err}`));
        waiters.push(check);
      };
      check();
    });
  return { process: child, line, exited, stderr: () => err };
}

async function runToEnd(mode: string, env: Record<string, string>): Promise<Record<string, unknown>[]> {
  const child = startChild(mode, env);
  const { code } = await Promise.race([child.exited, timeout(START_TIMEOUT_MS * 2, `${mode} did not finish`)]);
  if (code !== 0) throw new Error(`${mode} exited with ${code}:\n${child.stderr()}`);
  const out: Record<string, unknown>[] = [];
  for (let n = 1; ; n++) {
    const next = await child.line(n, 1_000).catch(() => undefined);
    if (!next) return out;
    out.push(next);
  }
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, fail) => setTimeout(() => fail(new Error(message)), ms).unref());
}

describe('projector killed with SIGKILL during a replay', () => {
  let es: TestEventStore;
  let chdbDir: string;
  let eventCount: number;

  beforeAll(async () => {
    es = await startTestEventStore();
    chdbDir = mkdtempSync(join(tmpdir(), 'tagstream-crash-'));
    const history = generatedEvents(200, 120, 23);
    eventCount = history.length;
    await appendEvents(es.store, history);
  });

  afterAll(async () => {
    await es?.stop();
    if (chdbDir) rmSync(chdbDir, { recursive: true, force: true });
  });

  it('ends with the labels of a clean rebuild, table by table', async () => {
    expect(eventCount).toBeGreaterThan(20_000);
    const env = { EVENTSTORE: es.connectionString, CHDB_DIR: chdbDir, BATCH: '400' };
    const crashed = { ...env, DATABASE: 'crashed' };
    const random = createRandom('projector-crash');
    let kills = 0;
    let lastTotal = 0;
    while (kills < 8) {
      const child = startChild('project', crashed);
      // Killed after a random number of written batches, then a random moment into the next one.
      const batches = 1 + Math.floor(random.next() * 5);
      const reached = await child.line(batches).catch(() => undefined);
      if (!reached || reached.caughtUp) {
        await child.exited;
        break;
      }
      await new Promise((wake) => setTimeout(wake, Math.floor(random.next() * 40)));
      child.process.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      expect(Number(reached.total)).toBeGreaterThan(lastTotal);
      lastTotal = Number(reached.total);
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(lastTotal).toBeLessThan(eventCount);

    const finished = await runToEnd('project', crashed);
    expect(finished.at(-1)).toEqual({ caughtUp: true });
    await runToEnd('rebuild', { ...env, DATABASE: 'clean' });

    const [[expected], [actual]] = [await runToEnd('snapshot', { ...env, DATABASE: 'clean' }), await runToEnd('snapshot', { ...env, DATABASE: 'crashed' })];
    expect((expected.users as unknown[]).length).toBeGreaterThan(150);
    for (const table of Object.keys(expected)) {
      expect({ table, rows: (actual[table] as unknown[]).length }).toEqual({ table, rows: (expected[table] as unknown[]).length });
      expect(actual[table]).toEqual(expected[table]);
    }
  });
});
