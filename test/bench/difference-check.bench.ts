/**
 * The difference check's in-process cost at the scale of docs/contract.md §8 (35 M users): one
 * tenant's memory filled to DIFFERENCE_CHECK_MAX_ANSWERS with sketches of
 * answers drawn from 35 M surrogates, then `decide` for a new answer
 *   (a) typical: remembered sizes spread over 0 … 35 M, few within floor − 1;
 *   (b) worst: every remembered size within floor − 1 of the new one, so each
 *       is compared hash by hash;
 * against the same `decide` on an empty memory (the baseline, same run), and
 * the heap per remembered answer.
 *
 *   npm run bench:difference -- [--answers 5000 --floor 100 --samples 200]
 *
 * Sketches have the shape the ClickHouse query gives them (the level for the
 * size, the hashes it keeps). Ends with one JSON line on stdout.
 */
import { parseArgs } from 'node:util';
import { DifferenceCheck, deriveSketchKey, MemberSketch, OFFSET_LEVELS, sketchLevel, sketchOfMembers, toSketch } from '@tagstream/compliance';

const { values } = parseArgs({
  options: {
    answers: { type: 'string', default: '5000' },
    floor: { type: 'string', default: '100' },
    samples: { type: 'string', default: '200' },
    users: { type: 'string', default: '35000000' },
  },
});
const ANSWERS = Number(values.answers);
const FLOOR = Number(values.floor);
const SAMPLES = Number(values.samples);
const USERS = Number(values.users);
const KEY = deriveSketchKey('bench-difference-key-0123456789abcdef');

/**
 * A sketch of `size` random people. What a level keeps is uniform in the
 * sample, so members and their hashes are drawn there directly (hashing 12 M
 * ids to keep 200 would only slow the set-up); small answers are hashed as
 * the query does.
 */
function randomSketch(size: number): MemberSketch {
  const level = sketchLevel(size);
  if (level === 0) return sketchOfMembers(KEY, Array.from({ length: size }, () => Math.floor(Math.random() * USERS)));
  const n = Math.round(size / 2 ** level);
  const members = Array.from({ length: n }, () => Math.floor(Math.random() * USERS));
  const g = members.map(() => Math.floor(Math.random() * 2 ** (32 - Math.min(level, OFFSET_LEVELS))));
  const h = members.map(() => Math.floor(Math.random() * 2 ** (32 - Math.max(0, level - OFFSET_LEVELS))));
  return toSketch(size, level, members, g, h);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function time(check: DifferenceCheck, tenant: string, candidates: MemberSketch[]) {
  const us: number[] = [];
  for (const sketch of candidates) {
    const started = performance.now();
    // A new key each time: compared against everything remembered, then remembered (and the oldest forgotten).
    check.decide(tenant, { action: 'bench' }, [{ name: 'size', key: `new-${Math.random()}`, sketch }]);
    us.push((performance.now() - started) * 1000);
  }
  us.sort((a, b) => a - b);
  return { p50Us: Math.round(percentile(us, 50)), p99Us: Math.round(percentile(us, 99)) };
}

function main(): void {
  const check = new DifferenceCheck({ floor: FLOOR, enabled: true, retentionMs: 30 * 86_400_000, maxAnswers: ANSWERS }, () => new Date());
  const around = 12_000_000;
  const bunched = Array.from({ length: ANSWERS }, () => randomSketch(around + Math.floor(Math.random() * (FLOOR - 1))));

  time(check, 'warm-up', Array.from({ length: SAMPLES }, () => randomSketch(around)));
  const empty = time(check, 'empty', Array.from({ length: SAMPLES }, () => randomSketch(around)));

  global.gc?.();
  // Typed arrays keep their bytes outside the JS heap: both are counted.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  // Sketches are made after the first reading: what is remembered is the sketch itself.
  const spread = Array.from({ length: ANSWERS }, () => randomSketch(FLOOR + Math.floor(Math.random() * (USERS - FLOOR))));
  spread.forEach((sketch, i) => check.decide('typical', { action: 'bench' }, [{ name: 'size', key: `k${i}`, sketch }]));
  global.gc?.();
  const bytesPerAnswer = Math.round((used() - before) / check.remembered('typical'));
  const typical = time(check, 'typical', Array.from({ length: SAMPLES }, () => randomSketch(FLOOR + Math.floor(Math.random() * (USERS - FLOOR)))));

  bunched.forEach((sketch, i) => check.decide('worst', { action: 'bench' }, [{ name: 'size', key: `k${i}`, sketch }]));
  const worst = time(check, 'worst', Array.from({ length: SAMPLES }, () => randomSketch(around + Math.floor(FLOOR / 2))));

  const log = (message: string) => process.stderr.write(`${message}\n`);
  log(`${ANSWERS} answers remembered for one tenant (${check.remembered('typical')} typical, ${check.remembered('worst')} worst), floor ${FLOOR}, ${USERS} users`);
  log(`memory per remembered answer (heap and array buffers): ${bytesPerAnswer} bytes${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`);
  log(`decide, empty memory (baseline): p50 ${empty.p50Us} µs, p99 ${empty.p99Us} µs`);
  log(`decide, typical: p50 ${typical.p50Us} µs, p99 ${typical.p99Us} µs (${(typical.p50Us / Math.max(1, empty.p50Us)).toFixed(1)}x baseline)`);
  log(`decide, worst (every answer within floor − 1): p50 ${worst.p50Us} µs, p99 ${worst.p99Us} µs (${(worst.p50Us / Math.max(1, empty.p50Us)).toFixed(1)}x baseline)`);
  process.stdout.write(`${JSON.stringify({ bench: 'difference-check', answers: ANSWERS, floor: FLOOR, users: USERS, bytesPerAnswer, empty, typical, worst })}\n`);
}

main();
