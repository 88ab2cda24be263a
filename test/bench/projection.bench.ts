/**
 * Projection benchmark (docs/contract.md §8): catch-up events/s over generated histories
 * with its ratio to a raw `$all` subscription read of the same events in the
 * same run, then freshness under a steady ingest (p95 from the append call to
 * the position being visible to segment sizes, i.e. labels and bitmaps
 * written, and to the recommender's serving index), and peak RSS. Progress on stderr; one JSON line on stdout at the end.
 *
 *   npm run bench:projection [-- --events 1000000 --rate 5000 --seconds 30 --batch 20000 --in-process --rebuild]
 *
 * The event store is the embedded server in a child process (`--in-process`
 * to share this one); ClickHouse is chDB in this process, as in `npm start`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ClickHouse, runMigrations } from '@tagstream/clickhouse';
import { createProgress } from '@tagstream/common';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { MetricsService } from '@tagstream/observability';
import { ServingIndex } from '@tagstream/segments';
import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { EventStore } from '@tagstream/eventstore';
import {
  EventStoreDeadLetterSink,
  EventStoreSurrogateRegistry,
  EventStoreUserEventFeed,
  LabelRebuild,
  LabelStore,
  Position,
  Projector,
} from '@tagstream/projection';
import { generateUserHistories } from '@tagstream/seed';
import { startBenchServer } from './eventstore-bench-server';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    batch: { type: 'string', default: '20000' },
    'in-process': { type: 'boolean', default: false },
    /** Also time a full rebuild (surrogates already assigned, bitmaps written once at the end). */
    rebuild: { type: 'boolean', default: false },
    /** Write a CPU profile of the catch-up phase alone to this file (open it in Chrome DevTools). */
    'profile-catch-up': { type: 'string' },
    /** The same for the rebuild phase. */
    'profile-rebuild': { type: 'string' },
  },
});
const EVENTS = positive('events');
const RATE = positive('rate');
const SECONDS = positive('seconds');
const BATCH = positive('batch');
const NOW = new Date('2026-11-20T00:00:00Z');
const APPEND_BATCH = 1_000;
const APPEND_CONCURRENCY = 4;

let peakRss = 0;
let peakHeap = 0;
/** Peak JS heap (MiB) of each phase, to tell which one holds memory. */
const heapByPhase: Record<string, number> = {};
let phase = 'start';
const sampleRss = () => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
  heapByPhase[phase] = Math.max(heapByPhase[phase] ?? 0, Math.round(heapUsed / 2 ** 20));
};
async function inPhase<T>(name: string, work: () => Promise<T>): Promise<T> {
  phase = name;
  try {
    return await work();
  } finally {
    sampleRss();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tagstream-bench-projection-'));
  const server = await startBenchServer(join(dir, 'eventstore'), values['in-process']);
  const store = new EventStore(server.connectionString);
  const ch = await ClickHouse.connect({ database: 'bench_projection', dataDir: dir });
  const rssTimer = setInterval(sampleRss, 250);
  let serverPeakRss = 0;
  const serverRssTimer = setInterval(() => (serverPeakRss = Math.max(serverPeakRss, server.rss())), 1_000);
  try {
    await runMigrations(ch);
    const histories = generateUserHistories({ users: 100_000_000, days: 180, seed: 42, now: NOW });
    const appended = await inPhase('append', () => appendGenerated(store, histories, EVENTS));
    const raw = await inPhase('rawRead', () => rawRead(store, appended.count));
    const catchUp = await inPhase('catchUp', () => profiled(values['profile-catch-up'], () => projectCatchUp(store, ch, appended.count)));
    const rebuild = values.rebuild ? await inPhase('rebuild', () => profiled(values['profile-rebuild'], () => timeRebuild(store, ch, appended.count))) : undefined;
    const freshness = await inPhase('freshness', () => measureFreshness(store, ch, histories));
    sampleRss();
    const result = {
      events: appended.count,
      users: appended.users,
      appendEventsPerSecond: Math.round(appended.count / appended.seconds),
      rawReadEventsPerSecond: Math.round(raw.count / raw.seconds),
      catchUpEventsPerSecond: Math.round(catchUp.count / catchUp.seconds),
      catchUpRatioToRaw: round(catchUp.seconds > 0 ? raw.seconds / catchUp.seconds : 0, 3),
      catchUpSeconds: round(catchUp.seconds, 2),
      catchUpWaitSeconds: catchUp.breakdownSeconds,
      ...(rebuild ? { rebuildEventsPerSecond: Math.round(rebuild.count / rebuild.seconds), rebuildRatioToRaw: round(raw.seconds / rebuild.seconds, 3) } : {}),
      freshness,
      peakRssMiB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
      // The rest of the RSS is native: chDB (ClickHouse caches and allocator) and buffers.
      peakJsHeapMiB: Math.round(peakHeap / 2 ** 20),
      peakJsHeapMiBByPhase: heapByPhase,
      eventStoreServerPeakRssMiB: values['in-process'] ? undefined : Math.round(serverPeakRss / 2 ** 20),
      targets: { catchUpEventsPerSecond: 30_000, catchUpRatioToRaw: 0.5, freshnessP95Ms: 1_000 },
      load: loadAverage(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(rssTimer);
    clearInterval(serverRssTimer);
    await store.close();
    await ch.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Appends at least `target` events (whole user histories, neighbours interleaved by time), as fast as the store takes them. */
async function appendGenerated(store: EventStore, histories: Iterator<DomainEvent[]>, target: number) {
  const progress = createProgress('append', { total: target, unit: 'events' });
  const started = performance.now();
  let count = 0;
  let users = 0;
  const inFlight = new Set<Promise<void>>();
  while (count < target) {
    // A few hundred users at a time, merged by time: `$all` then interleaves users as live traffic would.
    const chunk: DomainEvent[] = [];
    while (chunk.length < 20_000 && count + chunk.length < target) {
      chunk.push(...histories.next().value!);
      users++;
    }
    chunk.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    for (let i = 0; i < chunk.length; i += APPEND_BATCH) {
      const batch = chunk.slice(i, i + APPEND_BATCH);
      const sending: Promise<void> = appendBatch(store, batch).then(() => void inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= APPEND_CONCURRENCY) await Promise.race(inFlight);
      progress.tick(batch.length);
    }
    count += chunk.length;
    sampleRss();
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  progress.done(`${count} events of ${users} users`);
  return { count, users, seconds };
}

/** One append per user stream of the batch, concurrently; the highest position written. */
async function appendBatch(store: EventStore, events: readonly DomainEvent[]): Promise<Position> {
  const byUser = new Map<string, DomainEvent[]>();
  for (const event of events) byUser.set(event.userId, [...(byUser.get(event.userId) ?? []), event]);
  const results = await Promise.all(
    [...byUser].map(([userId, list]) =>
      store.append(
        userStreamName(userId),
        list.map((event) => {
          const stored = toEventToStore(event, { requestId: 'bench', producer: 'bench' });
          return { id: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata };
        }),
      ),
    ),
  );
  return results.reduce((max, r) => (r.position.commit > max.commit ? r.position : max), results[0].position);
}

/** The baseline: the same filtered `$all` subscription the projector uses, events only counted. */
async function rawRead(store: EventStore, expected: number) {
  const progress = createProgress('raw $all read', { total: expected, unit: 'events' });
  const started = performance.now();
  let count = 0;
  const subscription = store.subscribeToAll({ streamPrefixes: ['user-'] });
  for await (const _ of subscription) {
    if (++count % 10_000 === 0) progress.set(count);
    if (count >= expected) break;
  }
  await subscription.unsubscribe();
  const seconds = (performance.now() - started) / 1000;
  progress.done();
  return { count, seconds };
}

function projectorPorts(store: EventStore) {
  return {
    feed: new EventStoreUserEventFeed(store),
    registry: new EventStoreSurrogateRegistry(store),
    deadLetters: new EventStoreDeadLetterSink(store),
    erasures: new ErasureRegistry(store, Object.assign(new AppConfig(), { PSEUDONYM_KEY: 'b'.repeat(32) })),
  };
}

/** Wall time spent in each store call and the surrogate registry, to see where a catch-up waits. */
class TimedLabelStore extends LabelStore {
  readonly seconds: Record<string, number> = {};

  async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds[name] = round((this.seconds[name] ?? 0) + (performance.now() - started) / 1000, 3);
    }
  }

  override write(...args: Parameters<LabelStore['write']>) {
    return this.timed('writeLabels', () => super.write(...args));
  }
  override loadUsers(...args: Parameters<LabelStore['loadUsers']>) {
    return this.timed('loadUsers', () => super.loadUsers(...args));
  }
  override loadActivityTotals(...args: Parameters<LabelStore['loadActivityTotals']>) {
    return this.timed('loadActivityTotals', () => super.loadActivityTotals(...args));
  }
  override dirtyPairs(...args: Parameters<LabelStore['dirtyPairs']>) {
    return this.timed('dirtyPairs', () => super.dirtyPairs(...args));
  }
  override refreshBitmaps(...args: Parameters<LabelStore['refreshBitmaps']>) {
    return this.timed('refreshBitmaps', () => super.refreshBitmaps(...args));
  }
}

/** First projection of the whole history: assigns every surrogate, writes labels and bitmaps batch by batch. */
async function projectCatchUp(store: EventStore, ch: ClickHouse, expected: number) {
  const progress = createProgress('projection catch-up', { total: expected, unit: 'events' });
  const { feed, registry: assigning, deadLetters, erasures } = projectorPorts(store);
  const timed = new TimedLabelStore(ch);
  const registry = { surrogatesFor: (ids: readonly string[]) => timed.timed('surrogates', () => assigning.surrogatesFor(ids)) };
  const projector = new Projector(timed, feed, registry, deadLetters, {
    maxBatchEvents: BATCH,
    erasures,
    onBatch: ({ total }) => (progress.set(total), sampleRss()),
  });
  const started = performance.now();
  await projector.run(new AbortController().signal, { untilCaughtUp: true });
  const seconds = (performance.now() - started) / 1000;
  const count = (await new LabelStore(ch).readCheckpoint('labels'))?.events ?? 0;
  progress.done(JSON.stringify(timed.seconds));
  return { count, seconds, breakdownSeconds: timed.seconds };
}

async function timeRebuild(store: EventStore, ch: ClickHouse, expected: number) {
  const progress = createProgress('rebuild', { total: expected, unit: 'events' });
  const { feed, registry, deadLetters, erasures } = projectorPorts(store);
  const rebuild = new LabelRebuild(ch, feed, registry, deadLetters, erasures, {
    projector: { maxBatchEvents: BATCH },
    onProgress: ({ events }) => (progress.set(events), sampleRss()),
  });
  const report = await rebuild.run(new AbortController().signal);
  progress.done(JSON.stringify(report.seconds));
  return { count: report.events, seconds: report.seconds.total };
}

/**
 * A live projector while events are appended at RATE per second for SECONDS:
 * each append's latency from the call to the first batch whose bitmaps cover
 * its position (what a segment size reads), and to the recommender's serving
 * index reaching it (what a user lookup reads; checked every 5 ms).
 */
async function measureFreshness(store: EventStore, ch: ClickHouse, histories: Iterator<DomainEvent[]>) {
  const { feed, registry, deadLetters, erasures } = projectorPorts(store);
  const pending: { position: Position; startedAt: number }[] = [];
  const latencies: number[] = [];
  let visibleUpTo: Position | undefined;
  const lookupPending: { position: Position; startedAt: number }[] = [];
  const lookupLatencies: number[] = [];
  const config = Object.assign(new AppConfig(), { PSEUDONYM_KEY: 'b'.repeat(32) });
  const index = new ServingIndex(ch, config, new ErasureRegistry(store, config), { surrogatesOf: async () => new Map() }, () => new Date(), new MetricsService());
  index.onApplicationBootstrap();
  const lookupWatch = setInterval(() => {
    const reached = index.position();
    const upTo = reached === null ? -1n : BigInt(reached.split('/')[0]);
    while (lookupPending.length > 0 && lookupPending[0].position.commit <= upTo) lookupLatencies.push(performance.now() - lookupPending.shift()!.startedAt);
  }, 5);
  const settle = () => {
    while (pending.length > 0 && visibleUpTo && pending[0].position.commit <= visibleUpTo.commit) latencies.push(performance.now() - pending.shift()!.startedAt);
  };
  const projector = new Projector(new LabelStore(ch), feed, registry, deadLetters, {
    maxBatchEvents: BATCH,
    erasures,
    onBatch: ({ position }) => ((visibleUpTo = position), settle(), sampleRss()),
  });
  const abort = new AbortController();
  const running = projector.run(abort.signal);
  const progress = createProgress('freshness', { total: RATE * SECONDS, unit: 'events' });
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  let buffer: DomainEvent[] = [];
  let sent = 0;
  const started = performance.now();
  const appends: Promise<void>[] = [];
  for (let tick = 0; tick < (SECONDS * 1000) / tickMs; tick++) {
    // Steady rate: each tick's batch is sent at its scheduled time, without waiting for the previous one.
    const due = started + tick * tickMs;
    if (due > performance.now()) await new Promise((wake) => setTimeout(wake, due - performance.now()));
    while (buffer.length < perTick) buffer.push(...histories.next().value!.map((e: DomainEvent) => ({ ...e, occurredAt: new Date().toISOString() })));
    const batch = buffer.splice(0, perTick);
    const startedAt = performance.now();
    appends.push(
      appendBatch(store, batch).then((position) => {
        pending.push({ position, startedAt });
        pending.sort((a, b) => (a.position.commit < b.position.commit ? -1 : 1));
        lookupPending.push({ position, startedAt });
        lookupPending.sort((a, b) => (a.position.commit < b.position.commit ? -1 : 1));
        settle();
      }),
    );
    sent += batch.length;
    progress.set(sent);
  }
  await Promise.all(appends);
  const sendSeconds = (performance.now() - started) / 1000;
  // Bounded wait for the last appends to become visible.
  const deadline = performance.now() + 60_000;
  while ((pending.length > 0 || lookupPending.length > 0) && performance.now() < deadline) await new Promise((wake) => setTimeout(wake, 20));
  clearInterval(lookupWatch);
  await index.beforeApplicationShutdown();
  abort.abort();
  await running;
  progress.done();
  latencies.sort((a, b) => a - b);
  lookupLatencies.sort((a, b) => a - b);
  const at = (q: number, of = latencies) => round(of[Math.min(of.length - 1, Math.floor(q * of.length))] ?? NaN, 1);
  return {
    userLookup: { p50Ms: at(0.5, lookupLatencies), p95Ms: at(0.95, lookupLatencies), maxMs: at(1 - 1e-9, lookupLatencies), notVisible: lookupPending.length },
    targetRate: RATE,
    achievedRate: Math.round(sent / sendSeconds),
    seconds: SECONDS,
    appends: latencies.length,
    notVisible: pending.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: at(1 - 1e-9),
  };
}

/** Runs `work` under the V8 CPU profiler when a file is given. */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

function positive(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a number > 0, got ${values[name]}`);
  return value;
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function loadAverage(): number[] {
  return loadavg().map((l) => round(l, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:projection failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
