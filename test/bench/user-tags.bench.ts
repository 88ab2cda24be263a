/**
 * The recommender's benchmark (docs/contract.md §8, one user's tags): synthetic labels
 * for `--users` users written straight into ClickHouse (the segments
 * benchmark's population, in a child process so its memory is not this
 * process's), then over HTTP against the real single-process app:
 *   cold      one request at a time for users the serving index has not seen;
 *   warm-up   every user active in the 30 days ending `asOf` looked up once
 *             through the index's own miss path (in process, batches of 2 000):
 *             the steady state of a recommender that has seen its users;
 *   one at a time, then an open loop at `--rps` for `--seconds` and at
 *             `--also-rps` for `--also-seconds`, users drawn uniformly from
 *             those active in the last 30 days;
 *   baseline  the same open loop at `--rps` for `--baseline-seconds` with the
 *             index switched off, so every lookup takes the ClickHouse path.
 * The load generator is a child process: its CPU is not the service's.
 * `peakRssMiB` is this process's peak RSS (API, projector, chDB and the
 * embedded event store together) sampled from the warm-up to the end of the
 * serving phases. The user id → surrogate mapping is synthetic (`u-<n>` is
 * surrogate n), as in the segments benchmark: writing 10 M mapping streams to
 * the event store would take longer than the rest together. Store calls are
 * counted on the adapters' objects during the `--rps` phase.
 *
 *   npm run bench:user-tags -- --users 10000000 --rps 2000 --seconds 30
 *   npm run bench:user-tags -- --users 20000 --rps 200 --seconds 2 --also-seconds 1 --baseline-seconds 1   (CI smoke run)
 *   --data-dir <dir> --keep, then --data-dir <dir> --reuse: generate once, measure again
 *   --cpu-profile <file>: profile the service's main thread during the `--rps` phase, print its time per request by component
 *
 * Progress goes to stderr; the last line on stdout is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AuthSecret, signToken } from '@tagstream/auth';
import { ClickHouse } from '@tagstream/clickhouse';
import { loadConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { AppLogger, configureHttpApp } from '@tagstream/http';
import { addDays, ServingIndex, USER_SURROGATES } from '@tagstream/segments';
import { TagstreamModule } from '../../apps/tagstream/src/tagstream.module';
import { startCpuProfile } from './cpu-profile';
import { generatePopulation } from './segments-population';
import { runOpenLoop, OpenLoopResult } from './user-tags-load';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    rps: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '30' },
    'also-rps': { type: 'string', default: '5000' },
    'also-seconds': { type: 'string', default: '10' },
    'baseline-seconds': { type: 'string', default: '10' },
    'cold-samples': { type: 'string', default: '200' },
    'sequential-samples': { type: 'string', default: '2000' },
    'data-dir': { type: 'string' },
    'generate-only': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
  },
});
const USERS = Number(values.users);
const RPS = Number(values.rps);
const SECONDS = Number(values.seconds);
const ALSO_RPS = Number(values['also-rps']);
const ALSO_SECONDS = Number(values['also-seconds']);
const BASELINE_SECONDS = Number(values['baseline-seconds']);
const COLD_SAMPLES = Number(values['cold-samples']);
const SEQUENTIAL_SAMPLES = Number(values['sequential-samples']);
/** Today: the index answers `asOf` days up to 30 days back, and a recommender asks about now. */
const AS_OF_DAY = new Date().toISOString().slice(0, 10);
const WARM_BATCH = 2_000;

const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), p99Ms: round(percentile(sorted, 99)), n: sorted.length };
}

async function startApp(dataDir: string, synthetic: { lookups: number }) {
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error' });
  const logger = AppLogger.create({ level: 'error', service: 'bench', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const moduleRef = await Test.createTestingModule({ imports: [TagstreamModule.forRoot(config)] })
    .overrideProvider(USER_SURROGATES)
    .useValue({
      surrogatesOf: async (ids: readonly string[]) => {
        synthetic.lookups += ids.length;
        return new Map(ids.map((id) => [id, Number(id.slice(2))]));
      },
    })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
  configureHttpApp(app, config, { logger });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** The population, written by a child process into `dataDir` (chDB's memory for it is not this process's). */
function generateInChild(dataDir: string): void {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', __filename, '--generate-only', '--users', String(USERS), '--data-dir', dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  if (child.status !== 0) throw new Error(`generating the population failed (exit ${child.status})`);
  log(`population of ${USERS} users generated in ${round((performance.now() - started) / 1000, 1)} s`);
}

/** Calls on the adapters' objects, counted from `reset()` on. */
function countStoreCalls(ch: ClickHouse, store: EventStore) {
  const counts = { clickhouseQueries: 0, eventStoreReads: 0, eventStoreAppends: 0 };
  const wrap = <T extends object>(target: T, method: keyof T, counter: keyof typeof counts) => {
    const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
    (target as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
      counts[counter] += 1;
      return original(...args);
    };
  };
  for (const method of ['query', 'queryStream', 'command', 'insert'] as const) wrap(ch, method, 'clickhouseQueries');
  for (const method of ['readStream', 'readAll', 'headPosition'] as const) wrap(store, method, 'eventStoreReads');
  wrap(store, 'append', 'eventStoreAppends');
  return {
    reset: () => Object.keys(counts).forEach((key) => (counts[key as keyof typeof counts] = 0)),
    per1000: (requests: number) => ({
      clickhouseQueries: round((counts.clickhouseQueries * 1000) / requests),
      eventStoreReads: round((counts.eventStoreReads * 1000) / requests),
      eventStoreAppends: round((counts.eventStoreAppends * 1000) / requests),
    }),
  };
}

function lookupOne(port: number, token: string, agent: Agent, userId: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: `/v1/users/u-${userId}/tags?asOf=${AS_OF_DAY}`, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function sequential(port: number, token: string, users: number[]): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ms: number[] = [];
  for (const user of users) {
    const started = performance.now();
    const status = await lookupOne(port, token, agent, user);
    if (status !== 200) throw new Error(`a lookup of u-${user} answered ${status}`);
    ms.push(performance.now() - started);
  }
  agent.destroy();
  return ms;
}

async function openLoop(port: number, token: string, users: number[], rps: number, seconds: number) {
  const cpuBefore = process.cpuUsage();
  const run: OpenLoopResult = await runOpenLoop({ port, token, rps, seconds, users, asOfDay: AS_OF_DAY });
  const cpu = process.cpuUsage(cpuBefore);
  const answered = run.latencies.length;
  const latency = summary(run.latencies);
  return {
    offeredRps: Math.round(run.sent / run.sendingSeconds),
    answeredRps: Math.round(answered / run.elapsedSeconds),
    answeredShare: round(answered / Math.max(1, run.sent), 4),
    p50Ms: latency.p50Ms,
    p95Ms: latency.p95Ms,
    p99Ms: latency.p99Ms,
    errors: run.errors,
    cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / Math.max(1, answered), 3),
    generatorCpuSeconds: round(run.generatorCpuSeconds, 1),
    requests: answered + run.errors,
  };
}

function logByComponent(ms: Map<string, number>, requests: number): void {
  const busy = [...ms].filter(([component]) => component !== 'idle').reduce((sum, [, value]) => sum + value, 0);
  log(`  main thread per request: ${(busy / requests).toFixed(3)} ms busy, by component:`);
  for (const [component, value] of [...ms].sort((a, b) => b[1] - a[1])) {
    if (component !== 'idle') log(`    ${(value / requests).toFixed(3)} ms  ${component}`);
  }
}

function sample<T>(from: readonly T[], n: number): T[] {
  return Array.from({ length: n }, () => from[Math.floor(Math.random() * from.length)]);
}

async function generateOnly(dataDir: string): Promise<void> {
  const app = await startApp(dataDir, { lookups: 0 });
  try {
    const rows = await generatePopulation(app.get(ClickHouse), USERS, AS_OF_DAY, log);
    log(`rows: ${JSON.stringify(rows)}`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'tagstream-bench-user-tags-'));
  if (values['generate-only']) return generateOnly(dataDir);
  if (!values.reuse) generateInChild(dataDir);
  const synthetic = { lookups: 0 };
  const app = await startApp(dataDir, synthetic);
  let rss = 0;
  try {
    const ch = app.get(ClickHouse);
    const index = app.get(ServingIndex);
    const calls = countStoreCalls(ch, app.get(EventStore));
    const token = signToken(app.get(AuthSecret).value, { sub: 'bench', role: 'recommender' }, 3600);
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const [{ users: active }] = await ch.query<{ users: number[] }>(
      `SELECT groupArray(user) AS users FROM (SELECT DISTINCT user FROM segment_user_activity WHERE tag = 'active' AND day >= {from:Date} AND day <= {to:Date})`,
      { from: addDays(AS_OF_DAY, -29), to: AS_OF_DAY },
    );
    log(`${active.length} of ${USERS} users active in the 30 days ending ${AS_OF_DAY}`);
    while (!index.isCurrent()) await new Promise((resolve) => setTimeout(resolve, 50));

    const cold = summary(await sequential(port, token, sample(active, COLD_SAMPLES)));
    log(`cold lookups, one at a time: p50 ${cold.p50Ms} ms, p99 ${cold.p99Ms} ms`);

    const rssBeforeWarmMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
    const warmStarted = performance.now();
    for (let i = 0; i < active.length; i += WARM_BATCH) {
      const batch = active.slice(i, i + WARM_BATCH).map((user) => `u-${user}`);
      // The index answers nothing while its view is not current; such a batch is looked up again.
      while (!(await index.lookup(batch, new Date(`${AS_OF_DAY}T12:00:00Z`)))) await new Promise((resolve) => setTimeout(resolve, 50));
      if ((i / WARM_BATCH) % 100 === 0) log(`  warm-up: ${i} of ${active.length}`);
    }
    const warmSeconds = round((performance.now() - warmStarted) / 1000, 1);
    const stats = index.stats();
    const bytesPerUser = Math.round(stats.bytes / Math.max(1, stats.entries));
    log(`warm-up: ${stats.entries} users held in ${round(stats.bytes / 2 ** 20, 1)} MiB (${bytesPerUser} bytes each, ${stats.oversized} oversized) after ${warmSeconds} s; RSS before it ${rssBeforeWarmMiB} MiB`);

    const oneAtATime = summary(await sequential(port, token, sample(active, SEQUENTIAL_SAMPLES)));
    log(`one at a time: p50 ${oneAtATime.p50Ms} ms, p99 ${oneAtATime.p99Ms} ms`);

    calls.reset();
    synthetic.lookups = 0;
    const profiling = values['cpu-profile'] ? await startCpuProfile() : undefined;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const open = await openLoop(port, token, active, RPS, SECONDS);
    delay.disable();
    const loopDelay = { p99Ms: round(delay.percentile(99) / 1e6), maxMs: round(delay.max / 1e6) };
    log(`  the service's event loop delay: p99 ${loopDelay.p99Ms} ms, max ${loopDelay.maxMs} ms`);
    const byComponent = await profiling?.stop(values['cpu-profile']);
    if (byComponent) logByComponent(byComponent, open.requests);
    const storeCallsPer1000 = calls.per1000(open.requests);
    const mappingLookupsPer1000 = round((synthetic.lookups * 1000) / open.requests);
    log(`${RPS} req/s offered for ${SECONDS} s: answered ${open.answeredRps}/s (${open.answeredShare * 100} %), p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms, errors ${open.errors}, CPU ${open.cpuMsPerRequest} ms/request`);
    log(`  store calls per 1 000 lookups: ${JSON.stringify(storeCallsPer1000)}; mapping look-ups (each would be one event-store read) ${mappingLookupsPer1000}`);
    const also = await openLoop(port, token, active, ALSO_RPS, ALSO_SECONDS);
    log(`${ALSO_RPS} req/s offered for ${ALSO_SECONDS} s: answered ${also.answeredRps}/s (${also.answeredShare * 100} %), p50 ${also.p50Ms} ms, p99 ${also.p99Ms} ms, errors ${also.errors}, CPU ${also.cpuMsPerRequest} ms/request`);
    clearInterval(sampler);
    const peakRssMiB = Math.round(rss / 2 ** 20);
    const [tracked] = await ch.query<{ bytes: string }>(`SELECT toString(value) AS bytes FROM system.metrics WHERE metric = 'MemoryTracking'`);
    const clickhouseMiB = Math.round(Number(tracked?.bytes ?? 0) / 2 ** 20);
    log(`peak RSS while serving ${peakRssMiB} MiB, of which the embedded ClickHouse engine tracks ${clickhouseMiB} MiB now (with real servers it is not in the API process)`);

    // The baseline: the same offered load with the index answering nothing, so every lookup reads ClickHouse.
    const lookup = index.lookup.bind(index);
    index.lookup = async () => undefined;
    const baseline = await openLoop(port, token, active, RPS, BASELINE_SECONDS);
    index.lookup = lookup;
    log(`baseline (ClickHouse path) at ${RPS} req/s for ${BASELINE_SECONDS} s: answered ${baseline.answeredRps}/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms, errors ${baseline.errors}`);
    log(`ratio: p99 ${round(baseline.p99Ms / open.p99Ms, 1)}x lower, ${round(open.answeredRps / Math.max(1, baseline.answeredRps), 2)}x the answered rate`);

    process.stdout.write(
      `${JSON.stringify({
        bench: 'user-tags',
        users: USERS,
        activeUsers: active.length,
        oneAtATime: { p50Ms: oneAtATime.p50Ms, p99Ms: oneAtATime.p99Ms },
        cold: { p50Ms: cold.p50Ms, p99Ms: cold.p99Ms },
        open: { offeredRps: open.offeredRps, answeredRps: open.answeredRps, p50Ms: open.p50Ms, p99Ms: open.p99Ms, errors: open.errors, answeredShare: open.answeredShare },
        alsoOpen: { offeredRps: also.offeredRps, answeredRps: also.answeredRps, p50Ms: also.p50Ms, p99Ms: also.p99Ms, errors: also.errors, answeredShare: also.answeredShare, cpuMsPerRequest: also.cpuMsPerRequest },
        cpuMsPerRequest: open.cpuMsPerRequest,
        eventLoopDelay: loopDelay,
        peakRssMiB,
        clickhouseTrackedMiB: clickhouseMiB,
        index: { users: stats.entries, bytes: stats.bytes, bytesPerUser, oversized: stats.oversized, warmSeconds, rssBeforeWarmMiB },
        baseline: { p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms, answeredRps: baseline.answeredRps, errors: baseline.errors },
        ratio: { p99: round(baseline.p99Ms / open.p99Ms, 1), answeredRps: round(open.answeredRps / Math.max(1, baseline.answeredRps), 2) },
        storeCallsPer1000,
        mappingLookupsPer1000,
      })}\n`,
    );
  } finally {
    await app.close();
    if (!values.keep && !values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
