/**
 * Ingest benchmark (docs/contract.md §8): generated events posted to `POST /v1/events`
 * in batches of 500 by several concurrent clients for 60 s, against the raw
 * baseline of appending the same kind of events (same generator, same
 * per-user grouping, same concurrency) straight to the same store through
 * the event-store client, in the same run. The service runs in a child
 * process so its peak RSS is its own. Topologies:
 *   separate (default)  the embedded store in its own process, where a real
 *                       EventStoreDB would stand; the service connects to it
 *   single              the store inside the service process (`npm start` mode)
 *
 * The two are run interleaved in slices of --slice seconds (60 s each in all).
 *
 *   npm run bench:ingest [-- --seconds 60 --clients 8 --batch 500 --days 30 --warmup 3 --slice 5 --topology separate]
 *
 * Ends with one JSON line of its figures.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgress } from '@tagstream/common';
import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { EventStore } from '@tagstream/eventstore';
import { generateHistories } from '@tagstream/seed';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '3' },
    clients: { type: 'string', default: '8' },
    batch: { type: 'string', default: '500' },
    days: { type: 'string', default: '30' },
    'skip-raw': { type: 'boolean', default: false },
    topology: { type: 'string', default: 'separate' },
    slice: { type: 'string', default: '5' },
  },
});
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CLIENTS = Number(values.clients);
const BATCH = Number(values.batch);
const DAYS = Number(values.days);
const SLICE = Number(values.slice);

interface PhaseResult {
  events: number;
  batches: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Endless batches from the generator; `seed` keeps the two phases' events distinct (the store must not see replays). */
function* batches(seed: number): Generator<DomainEvent[]> {
  const now = new Date();
  for (let slice = 0; ; slice++) {
    let batch: DomainEvent[] = [];
    for (const event of generateHistories({ users: 1000, days: DAYS, seed, now, firstUser: slice * 1000 })) {
      batch.push(event);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
}

interface Phase {
  label: string;
  source: Generator<DomainEvent[]>;
  send: (batch: DomainEvent[]) => Promise<void>;
  latencies: number[];
  events: number;
  seconds: number;
}

function phase(label: string, seed: number, send: (batch: DomainEvent[]) => Promise<void>): Phase {
  return { label, source: batches(seed), send, latencies: [], events: 0, seconds: 0 };
}

/** Runs the phase's `send` with CLIENTS batches in flight for `seconds`, timing each batch. */
async function runSlice(p: Phase, seconds: number): Promise<void> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const batch = p.source.next().value as DomainEvent[];
      const t0 = performance.now();
      await p.send(batch);
      p.latencies.push(performance.now() - t0);
      p.events += batch.length;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  p.seconds += (performance.now() - started) / 1000;
}

/**
 * Alternates the phases in slices so both see the same background load and
 * the same store size (the reference machine is shared; a drift in load
 * between two back-to-back 60 s runs would otherwise decide the ratio).
 */
async function runInterleaved(phases: Phase[], seconds: number, slice: number): Promise<void> {
  const progress = createProgress('bench:ingest', { total: Math.ceil(seconds / slice) * phases.length, unit: 'slices' });
  for (let done = 0; done < seconds; done += slice) {
    for (const p of phases) {
      await runSlice(p, Math.min(slice, seconds - done));
      progress.tick();
    }
  }
  progress.done(phases.map((p) => `${p.label}: ${p.events} events in ${p.seconds.toFixed(1)} s`).join('; '));
}

function summary(p: Phase): PhaseResult {
  const latencies = [...p.latencies].sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    events: p.events,
    batches: latencies.length,
    seconds: round(p.seconds),
    eventsPerSecond: Math.round(p.events / p.seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

function postTo(service: { url: string; token: string }) {
  return async (batch: DomainEvent[]) => {
    const response = await fetch(`${service.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
      body: JSON.stringify({ events: batch }),
    });
    const body = (await response.json()) as { accepted?: number };
    if (response.status !== 202 || body.accepted !== batch.length) {
      throw new Error(`POST /v1/events answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
    }
  };
}

/** The baseline: the same per-user grouping and metadata, appended straight to the store, each user's stream concurrently. */
function appendRaw(store: EventStore) {
  const context = { requestId: 'bench-raw', producer: 'bench' };
  return async (batch: DomainEvent[]) => {
    const byUser = new Map<string, DomainEvent[]>();
    for (const event of batch) (byUser.get(event.userId) ?? byUser.set(event.userId, []).get(event.userId)!).push(event);
    await Promise.all(
      [...byUser].map(([userId, events]) =>
        store.append(
          `raw-${userStreamName(userId)}`,
          events.map((event) => {
            const stored = toEventToStore(event, context);
            return { id: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata };
          }),
          'any',
        ),
      ),
    );
  };
}

interface ChildHandle {
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

async function startChild<T>(script: string, env: Record<string, string>): Promise<T & ChildHandle> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(join(__dirname, script), [], {
    execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', ...profile],
    env: { ...process.env, ...env, TS_NODE_SWC: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (message: { kind: string }) => {
      if (message.kind === 'ready') resolve(message as T);
    });
  });
  return {
    ...ready,
    peakRss: () =>
      new Promise((resolve) => {
        const onMessage = (message: { kind: string; peakRssBytes: number }) => {
          if (message.kind !== 'rss') return;
          child.off('message', onMessage);
          resolve(message.peakRssBytes);
        };
        child.on('message', onMessage);
        child.send({ kind: 'rss' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ kind: 'stop' });
      }),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

// Removed on exit however the run ends (a failed start never reaches main's finally).
const benchDir = mkdtempSync(join(tmpdir(), 'tagstream-bench-ingest-'));

async function main(): Promise<void> {
  const dataDir = benchDir;
  const separate = values.topology === 'separate';
  const storeProcess = separate
    ? await startChild<{ connectionString: string }>('ingest-store.ts', { BENCH_STORE_DIR: join(dataDir, 'eventstore') })
    : undefined;
  const service = await startChild<{ url: string; token: string; connectionString: string }>('ingest-service.ts', {
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: 'bench-ingest-secret-bench-ingest-secret',
    ...(storeProcess ? { EVENTSTORE_CONNECTION_STRING: storeProcess.connectionString } : {}),
  });
  const store = new EventStore(service.connectionString);
  try {
    const post = postTo(service);
    const raw = appendRaw(store);
    if (WARMUP > 0) await runInterleaved([phase('warm-up raw', 900, raw), phase('warm-up http', 901, post)], WARMUP, WARMUP);
    const httpPhase = phase('POST /v1/events', 1, post);
    const rawPhase = values['skip-raw'] ? undefined : phase('raw appends', 2, raw);
    await runInterleaved(rawPhase ? [rawPhase, httpPhase] : [httpPhase], SECONDS, SLICE);
    const http = summary(httpPhase);
    const baseline = rawPhase ? summary(rawPhase) : undefined;
    const peakRssBytes = await service.peakRss();
    const storePeakRssBytes = storeProcess ? await storeProcess.peakRss() : null;
    const ratio = baseline ? Math.round((http.eventsPerSecond / baseline.eventsPerSecond) * 1000) / 1000 : null;
    const peakRssMiB = Math.round(peakRssBytes / 1024 / 1024);
    process.stderr.write(
      [
        '',
        `ingest over HTTP   ${http.eventsPerSecond} events/s   p50 ${http.p50Ms} ms   p99 ${http.p99Ms} ms   (${http.batches} batches of ${BATCH}, ${CLIENTS} clients, ${http.seconds} s)`,
        baseline ? `raw client appends ${baseline.eventsPerSecond} events/s   p50 ${baseline.p50Ms} ms   p99 ${baseline.p99Ms} ms` : 'raw client appends skipped',
        `ratio ${ratio ?? '-'} (target ≥ 0.7)   events/s target ≥ 20000   service peak RSS ${peakRssMiB} MiB (target ≤ 1536)` +
          (storePeakRssBytes ? `   store process peak RSS ${Math.round(storePeakRssBytes / 1024 / 1024)} MiB` : ''),
        '',
      ].join('\n'),
    );
    const result = {
      bench: 'ingest',
      seconds: SECONDS,
      clients: CLIENTS,
      batch: BATCH,
      days: DAYS,
      slice: SLICE,
      topology: values.topology,
      http,
      raw: baseline ?? null,
      ratio,
      peakRssBytes,
      storePeakRssBytes,
      targets: { eventsPerSecond: 20_000, ratio: 0.7, peakRssBytes: 1.5 * 1024 ** 3 },
      met: {
        eventsPerSecond: http.eventsPerSecond >= 20_000,
        ratio: ratio === null ? null : ratio >= 0.7,
        peakRss: peakRssBytes <= 1.5 * 1024 ** 3,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await store.close();
    await service.stop();
    await storeProcess?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.on('exit', () => rmSync(benchDir, { recursive: true, force: true }));

main().catch((error) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
