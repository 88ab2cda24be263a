/**
 * Segments benchmark (docs/contract.md §8): synthetic labels for `--users` users written
 * straight into ClickHouse with a realistic skew, then
 *   (1) size of a 5-leaf state-tag expression, p50/p95, and its ratio to the
 *       `GROUP BY user HAVING` formulation over the same tag rows (same run);
 *   (2) size of an expression with activity leaves `within 30d`, p50/p95;
 *   (1b) the sizes of (1) and of a large expression (`NOT dca:active`) read with
 *       the member sketch the difference check needs, against the plain size
 *       query, interleaved in the same run: the check's cost on the size path;
 * and the process's peak RSS (the API and chDB share it). One user's tags have
 * their own benchmark (`npm run bench:user-tags`, test/bench/user-tags.bench.ts).
 *
 *   npm run bench:segments -- --users 35000000 [--samples 20 --baseline-samples 3 --keep]
 *
 * A small `--users` (e.g. 20000) is the CI smoke run: it checks the pipeline, no timing is asserted.
 * Ends with one JSON line of its figures on stdout; progress goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ClickHouse } from '@tagstream/clickhouse';
import { loadConfig } from '@tagstream/config';
import { AppLogger, configureHttpApp } from '@tagstream/http';
import { deriveSketchKey } from '@tagstream/compliance';
import { compileExpression, Expr, expandMacros, segmentKeyed, sizeQuery, sketchesQuery, sketchParamsOf, USER_SURROGATES } from '@tagstream/segments';
import { TagCatalog } from '@tagstream/tagging';
import { TagstreamModule } from '../../apps/tagstream/src/tagstream.module';
import { generatePopulation } from './segments-population';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '20' },
    'baseline-samples': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const SAMPLES = Number(values.samples);
const BASELINE_SAMPLES = Number(values['baseline-samples']);
const AS_OF = new Date('2026-11-20T12:00:00Z');
const AS_OF_DAY = '2026-11-20';

const STATE_EXPR: Expr = {
  and: [{ tag: 'risk:C3' }, { or: [{ tag: 'holder:money_market' }, { tag: 'holder:bond' }] }, { not: { tag: 'dca:active' } }, { tag: 'inst:fund0:holder' }],
};
const LARGE_EXPR: Expr = { not: { tag: 'dca:active' } };
const ACTIVITY_EXPR: Expr = {
  and: [{ tag: 'risk:C3' }, { tag: 'active', within: '30d' }, { or: [{ tag: 'holder:money_market' }, { tag: 'viewed:equity', within: '30d', minCount: 2 }] }],
};

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The formulation without bitmaps: every user's tag rows grouped, the expression tested per user. */
function baselineSql(): string {
  return `SELECT count() AS size FROM (
    SELECT user FROM label_state_tags
    WHERE tag IN ('~universe', '~opted-out', 'risk:C3', 'holder:money_market', 'holder:bond', 'dca:active', 'inst:fund0:holder') AND present = 1
    GROUP BY user
    HAVING max(tag = '~universe') AND NOT max(tag = '~opted-out') AND max(tag = 'risk:C3')
       AND (max(tag = 'holder:money_market') OR max(tag = 'holder:bond')) AND NOT max(tag = 'dca:active') AND max(tag = 'inst:fund0:holder'))`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms: number[]): { p50: number; p95: number; p99: number; n: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), n: sorted.length };
}

async function timed(samples: number, work: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms;
}

async function measureSizes(ch: ClickHouse) {
  const catalog = new TagCatalog();
  const compile = (expr: Expr) => compileExpression(expandMacros(expr), { asOf: AS_OF, kindOf: (tag) => catalog.resolve(tag, { role: 'auditor' })?.kind });
  const state = sizeQuery(compile(STATE_EXPR));
  const activity = sizeQuery(compile(ACTIVITY_EXPR));
  const [bitmapSize] = await ch.query<{ size: string }>(state.sql, state.params);
  const [baselineSize] = await ch.query<{ size: string }>(baselineSql());
  if (bitmapSize.size !== baselineSize.size) throw new Error(`bitmap size ${bitmapSize.size} differs from baseline ${baselineSize.size}`);
  const stateMs = await timed(SAMPLES, () => ch.query(state.sql, state.params));
  const baselineMs = await timed(BASELINE_SAMPLES, () => ch.query(baselineSql()));
  const activityMs = await timed(SAMPLES, () => ch.query(activity.sql, activity.params));
  const [activitySize] = await ch.query<{ size: string }>(activity.sql, activity.params);
  return {
    sketch: { state: await measureSketch(ch, compile(STATE_EXPR)), large: await measureSketch(ch, compile(LARGE_EXPR)) },
    stateSize: Number(bitmapSize.size),
    activitySize: Number(activitySize.size),
    state: summary(stateMs),
    baseline: summary(baselineMs),
    activity: summary(activityMs),
  };
}

/**
 * The size query against the size-and-sketch query the difference check runs
 * instead (same bitmaps, read once), alternated sample by sample so load
 * drift hits both alike.
 */
async function measureSketch(ch: ClickHouse, compiled: ReturnType<typeof compileExpression>) {
  const plain = sizeQuery(compiled);
  const sketched = sketchesQuery(segmentKeyed(compiled), sketchParamsOf(deriveSketchKey('bench-sketch-key-0123456789abcdef0123')));
  const [row] = await ch.query<{ size: string }>(plain.sql, plain.params);
  const [sketchRow] = await ch.query<{ size: string; members: number[] }>(sketched.sql, sketched.params);
  if (row.size !== (sketchRow?.size ?? '0')) throw new Error(`sketch size ${sketchRow?.size} differs from size ${row.size}`);
  const plainMs: number[] = [];
  const sketchMs: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    plainMs.push(...(await timed(1, () => ch.query(plain.sql, plain.params))));
    sketchMs.push(...(await timed(1, () => ch.query(sketched.sql, sketched.params))));
  }
  const [p, k] = [summary(plainMs), summary(sketchMs)];
  return { size: Number(row.size), kept: sketchRow?.members.length ?? 0, plain: p, sketched: k, ratio: Math.round((k.p50 / p.p50) * 100) / 100 };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-bench-segments-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error' });
  const logger = AppLogger.create({ level: 'error', service: 'bench', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const moduleRef = await Test.createTestingModule({ imports: [TagstreamModule.forRoot(config)] })
    .overrideProvider(USER_SURROGATES)
    // Synthetic users are u-<surrogate>; the real mapping lives in the event store.
    .useValue({ surrogatesOf: async (ids: readonly string[]) => new Map(ids.map((id) => [id, Number(id.slice(2))])) })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
  configureHttpApp(app, config, { logger });
  await app.listen(0, '127.0.0.1');
  try {
    const ch = app.get(ClickHouse);
    log(`generating labels for ${USERS} users in ${ch.backend} (${dataDir})`);
    const rows = await generatePopulation(ch, USERS, AS_OF_DAY, log);
    log(`rows: ${JSON.stringify(rows)}`);
    const sizes = await measureSizes(ch);
    log(`(1) 5-leaf state expression: size ${sizes.stateSize}, p50 ${sizes.state.p50} ms, p95 ${sizes.state.p95} ms`);
    log(`    GROUP BY user HAVING baseline: p50 ${sizes.baseline.p50} ms (${sizes.baseline.n} runs), ratio ${(sizes.baseline.p50 / sizes.state.p50).toFixed(1)}x`);
    log(`(2) activity within 30d: size ${sizes.activitySize}, p50 ${sizes.activity.p50} ms, p95 ${sizes.activity.p95} ms`);
    for (const [name, m] of Object.entries(sizes.sketch)) {
      log(`(1b) ${name} (size ${m.size}, ${m.kept} members kept): size query p50 ${m.plain.p50} ms, with the sketch p50 ${m.sketched.p50} ms (p95 ${m.plain.p95} / ${m.sketched.p95}), ratio ${m.ratio}`);
    }
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    log(`peak RSS ${peakRssMiB} MiB`);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'segments',
        users: USERS,
        rows,
        stateExpression: { size: sizes.stateSize, p50Ms: sizes.state.p50, p95Ms: sizes.state.p95 },
        groupByHavingBaseline: { p50Ms: sizes.baseline.p50, runs: sizes.baseline.n },
        ratioVsBaseline: Math.round((sizes.baseline.p50 / sizes.state.p50) * 10) / 10,
        activityWithin30d: { size: sizes.activitySize, p50Ms: sizes.activity.p50, p95Ms: sizes.activity.p95 },
        differenceCheckSketch: sizes.sketch,
        peakRssMiB,
      })}\n`,
    );
  } finally {
    await app.close();
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
