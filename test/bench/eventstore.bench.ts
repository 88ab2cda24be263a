/**
 * Event store benchmark: appends/s (batches of 500 events spread over many
 * streams, through @eventstore/db-client) and `$all` catch-up read events/s,
 * each with its ratio to a baseline measured in the same run on the same
 * bytes: writing them straight to a file with one fdatasync per batch, and
 * reading that file back (parsing each event's JSON).
 *
 *   npm run bench:eventstore [-- --events 200000 --streams 20000 --batch 500 --concurrency 2 --prefill 0 --in-process --keep]
 *
 * `--prefill N` first stores N more events (generated batch by batch, not
 * timed), so the server's memory and the timed figures are taken on a store
 * that already holds them: `--prefill 9800000` for the 10 M-event memory check.
 *
 * Ends with one JSON line of its figures.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type JSONEventType } from '@eventstore/db-client';
import { startBenchServer, type BenchServer } from './eventstore-bench-server';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    streams: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '2' },
    'in-process': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    prefill: { type: 'string', default: '0' },
    /** Extra node flags for the server child process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
    'server-node-args': { type: 'string', default: '' },
  },
});
const TOTAL = Number(values.events);
const STREAMS = Number(values.streams);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const PREFILL = Number(values.prefill);
const CATEGORIES = ['money_market', 'bond', 'equity', 'hybrid', 'index', 'qdii', 'gold', 'fof'];

type BenchEvent = { stream: string; event: ReturnType<typeof jsonEvent<JSONEventType>> };

function makeBatch(seed: number): BenchEvent[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = seed * BATCH + i;
    const user = (n * 2654435761) % STREAMS;
    return {
      stream: `user-${user}`,
      event: jsonEvent<JSONEventType>({
        id: randomUUID(),
        type: 'FundViewed',
        data: {
          eventId: randomUUID(),
          userId: `u${user}`,
          occurredAt: new Date(1_790_000_000_000 + n * 1000).toISOString(),
          fundCode: String(100000 + (n % 900000)).slice(0, 6),
          category: CATEGORIES[n % CATEGORIES.length],
          institutionId: `inst-${n % 40}`,
          dwellSeconds: n % 300,
        },
        metadata: { schemaVersion: 1 },
      }),
    };
  });
}

/** The bytes the store must persist for a batch, as one NDJSON line per event (the baseline's payload). */
function batchBytes(batch: BenchEvent[]): Buffer {
  return Buffer.from(
    batch
      .map((b) => JSON.stringify({ s: b.stream, id: b.event.id, t: b.event.type, d: b.event.data, m: b.event.metadata }))
      .join('\n') + '\n',
  );
}

type GroupedBatch = Array<[string, Array<BenchEvent['event']>]>;

/** A batch as a producer sends it: one append per stream, all of them concurrently. */
function groupByStream(batch: BenchEvent[]): GroupedBatch {
  const byStream = new Map<string, Array<BenchEvent['event']>>();
  for (const b of batch) {
    const list = byStream.get(b.stream);
    if (list) list.push(b.event);
    else byStream.set(b.stream, [b.event]);
  }
  return [...byStream];
}

async function appendBatch(client: EventStoreDBClient, batch: GroupedBatch): Promise<void> {
  await Promise.all(batch.map(([stream, events]) => client.appendToStream(stream, events)));
}

async function runConcurrent(batches: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches) await work(next++);
    }),
  );
}

/** Stores PREFILL untimed events, generated a batch at a time so the bench's own memory stays flat. */
async function prefill(client: EventStoreDBClient, firstSeed: number): Promise<number> {
  const batches = Math.ceil(PREFILL / BATCH);
  let stored = 0;
  let lastReport = performance.now();
  await runConcurrent(batches, async (i) => {
    await appendBatch(client, groupByStream(makeBatch(firstSeed + i)));
    stored += BATCH;
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      process.stdout.write(`  prefilled ${stored} of ${batches * BATCH} events\n`);
    }
  });
  return stored;
}

function baselineWrite(path: string, payloads: Buffer[]): number {
  const fd = openSync(path, 'w');
  const started = performance.now();
  for (const payload of payloads) {
    writeSync(fd, payload);
    fdatasyncSync(fd); // same policy as the store: nothing is acknowledged before it is on disk
  }
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  return seconds;
}

function baselineRead(path: string): { seconds: number; events: number } {
  const fd = openSync(path, 'r');
  const started = performance.now();
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  let carry = '';
  let events = 0;
  let position = 0;
  for (;;) {
    const got = readSync(fd, chunk, 0, chunk.length, position);
    if (got === 0) break;
    position += got;
    const lines = (carry + chunk.toString('utf8', 0, got)).split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      JSON.parse(line);
      events++;
    }
  }
  closeSync(fd);
  return { seconds: (performance.now() - started) / 1000, events };
}

function perEventMicros(cpuSeconds: number, events: number): number {
  return Math.round((cpuSeconds / events) * 1e6 * 10) / 10;
}

/** CPU used by this process (the client; the server too when in process) and by the server child. */
function cpuNow(server: BenchServer): { client: number; server: number } {
  const usage = process.cpuUsage();
  return { client: (usage.user + usage.system) / 1e6, server: server.cpuSeconds() };
}

function cpuDelta(from: { client: number; server: number }, to: { client: number; server: number }) {
  const round = (n: number) => (Number.isNaN(n) ? null : Math.round(n * 10) / 10);
  return { client: round(to.client - from.client), server: round(to.server - from.server) };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'tagstream-bench-es-'));
  const batches = Math.ceil(TOTAL / BATCH);
  const inProcess = values['in-process']!;
  process.stdout.write(
    `eventstore bench: ${batches * BATCH} events, batches of ${BATCH} over ${STREAMS} streams, ${CONCURRENCY} batches in flight, server ${inProcess ? 'in process' : 'in a child process'}\n`,
  );
  try {
    const serverNodeArgs = values['server-node-args']!.split(' ').filter(Boolean);
    const server = await startBenchServer(join(workDir, 'store'), inProcess, serverNodeArgs);
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const prefilled = PREFILL > 0 ? await prefill(client, batches) : 0;
    // Events are generated before the clock starts: the bench measures the store and its client, not the generator.
    const generated = Array.from({ length: batches }, (_, i) => makeBatch(i));
    const payloads = generated.map(batchBytes);
    const grouped = generated.map(groupByStream);
    const appendCalls = grouped.reduce((n, batch) => n + batch.length, 0);
    let appended = 0;
    const cpuAtStart = cpuNow(server);
    const appendStarted = performance.now();
    let lastReport = appendStarted;
    await runConcurrent(batches, async (i) => {
      await appendBatch(client, grouped[i]);
      appended += generated[i].length;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        process.stdout.write(`  appended ${appended} events\n`);
      }
    });
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    const appendRate = appended / appendSeconds;
    const rssAfterAppend = server.rss();
    const cpuAfterAppend = cpuNow(server);

    const readStarted = performance.now();
    let read = 0;
    // The first events of $all, as many as were appended in the timed phase (the rest of the store when prefilled is not read).
    for await (const e of client.readAll({ maxCount: appended })) {
      if (e.event) read++;
    }
    const readSeconds = (performance.now() - readStarted) / 1000;
    const readRate = read / readSeconds;
    const cpuAfterRead = cpuNow(server);
    const appendCpu = cpuDelta(cpuAtStart, cpuAfterAppend);
    const readCpu = cpuDelta(cpuAfterAppend, cpuAfterRead);
    await client.dispose();
    const flushes = await server.stop();
    const storeBytes = statSync(join(workDir, 'store', 'events.log')).size;

    const reopened = await startBenchServer(join(workDir, 'store'), inProcess);
    const reopenMs = reopened.openMs;
    const rssAfterReopen = reopened.rss();
    await reopened.stop();

    const baselinePath = join(workDir, 'baseline.ndjson');
    const baseWriteSeconds = baselineWrite(baselinePath, payloads);
    const baseWriteRate = appended / baseWriteSeconds;
    const baseRead = baselineRead(baselinePath);
    const baseReadRate = baseRead.events / baseRead.seconds;

    const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    const round = (n: number) => Math.round(n);
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    process.stdout.write(
      [
        `append: ${round(appendRate)} events/s (${appendSeconds.toFixed(1)} s); file+fdatasync per batch: ${round(baseWriteRate)} events/s; ratio ${ratio(appendRate, baseWriteRate)}`,
        `read $all: ${round(readRate)} events/s (${read} events, ${readSeconds.toFixed(1)} s); file read+JSON.parse: ${round(baseReadRate)} events/s; ratio ${ratio(readRate, baseReadRate)}`,
        `group commit: ${flushes.records} records in ${flushes.fsyncs} fdatasyncs (${ratio(flushes.records, flushes.fsyncs)} per fsync); ${appendCalls} appendToStream calls, ${ratio(appended, appendCalls)} events each`,
        `CPU seconds, append phase: client ${appendCpu.client}, server ${appendCpu.server}; read phase: client ${readCpu.client}, server ${readCpu.server}`,
        ...(appendCpu.server === null || readCpu.server === null
          ? []
          : [
              `server CPU per event: append ${perEventMicros(appendCpu.server, appended)} µs, read ${perEventMicros(readCpu.server, read)} µs; client (@eventstore/db-client): append ${perEventMicros(appendCpu.client!, appended)} µs, read ${perEventMicros(readCpu.client!, read)} µs`,
            ]),
        `server RSS after appends (${prefilled + appended} events stored): ${mib(rssAfterAppend)} MiB; after reopen: ${mib(rssAfterReopen)} MiB (reopen ${reopenMs} ms); log ${mib(storeBytes)} MiB`,
      ].join('\n') + '\n',
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'eventstore',
        events: appended,
        prefilledEvents: prefilled,
        streams: STREAMS,
        batch: BATCH,
        concurrency: CONCURRENCY,
        server: inProcess ? 'in-process' : 'child-process',
        appendEventsPerSec: round(appendRate),
        baselineWriteEventsPerSec: round(baseWriteRate),
        appendRatio: ratio(appendRate, baseWriteRate),
        readEventsPerSec: round(readRate),
        baselineReadEventsPerSec: round(baseReadRate),
        readRatio: ratio(readRate, baseReadRate),
        appendCalls,
        fsyncs: flushes.fsyncs,
        recordsPerFsync: ratio(flushes.records, flushes.fsyncs),
        appendCpuSeconds: appendCpu,
        readCpuSeconds: readCpu,
        serverRssAfterAppendMiB: mib(rssAfterAppend),
        serverRssAfterReopenMiB: mib(rssAfterReopen),
        reopenMs,
        logMiB: mib(storeBytes),
      })}\n`,
    );
  } finally {
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
