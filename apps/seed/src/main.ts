import { createWriteStream } from 'node:fs';
import { createProgress } from '@tagstream/common';
import { parseSeedArgs, SeedArgs, SeedArgsError, USAGE } from './seed-args';
import { postBatch } from './post-batches';
import { pump, SeedBatch, seedBatches } from './seed-batches';
import { openDirectSink } from './direct-sink';

/**
 * `npm run seed`: generates deterministic synthetic histories and sends them
 * to a running service, straight to the event store, or to NDJSON. Progress
 * goes to stderr; the summary line to stdout.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseSeedArgs(argv, process.env);
  const progress = createProgress('seed', { total: args.users, unit: 'users' });
  const totals = { events: 0, accepted: 0, duplicates: 0 };
  let usersDone = 0;
  const started = Date.now();
  const sink = await openSink(args);
  try {
    const batches = seedBatches({ users: args.users, days: args.days, seed: args.seed, now: args.now }, args.batchSize);
    await pump(batches, sink.concurrency, async (batch) => {
      const result = batch.events.length ? await sink.send(batch) : { accepted: 0, duplicates: 0 };
      totals.events += batch.events.length;
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      usersDone += batch.usersCompleted;
      progress.tick(batch.usersCompleted);
    });
  } catch (error) {
    const stored = `the service had stored ${totals.events} events (${totals.accepted} accepted, ${totals.duplicates} duplicates), completing ${usersDone} of ${args.users} users`;
    throw new SeedRunError(error, stored);
  } finally {
    await sink.close();
  }
  const seconds = (Date.now() - started) / 1000;
  progress.done(`${totals.events} events for ${args.users} users in ${seconds.toFixed(1)} s`);
  // With --out - the events own stdout, so the summary goes to stderr.
  const summaryStream = args.sink.kind === 'out' && args.sink.file === '-' ? process.stderr : process.stdout;
  summaryStream.write(`${JSON.stringify({ ...totals, users: args.users, days: args.days, seed: args.seed, seconds })}\n`);
}

/** A run that stopped part-way: why, and what had been stored by then. */
class SeedRunError extends Error {
  constructor(
    readonly reason: unknown,
    readonly stored: string,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

interface Sink {
  readonly concurrency: number;
  send(batch: SeedBatch): Promise<{ accepted: number; duplicates: number }>;
  close(): Promise<void>;
}

/**
 * A retry's notice on its own line (a progress bar on a terminal redraws the
 * current one); batches in flight together retry together, so a notice that
 * repeats the one before is said once.
 */
let lastNotice = '';
function notice(message: string): void {
  if (message === lastNotice) return;
  lastNotice = message;
  process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}seed: ${message}\n`);
}

async function openSink(args: SeedArgs): Promise<Sink> {
  const { sink } = args;
  if (sink.kind === 'target') {
    return {
      concurrency: args.concurrency,
      send: (batch) => postBatch(sink.url, sink.token, batch.events, notice),
      close: async () => undefined,
    };
  }
  if (sink.kind === 'direct') return openDirectSink(args.concurrency);
  const stream: NodeJS.WritableStream = sink.file === '-' ? process.stdout : createWriteStream(sink.file);
  return {
    concurrency: 1,
    send: async (batch) => {
      const text = batch.events.map((event) => JSON.stringify(event)).join('\n') + '\n';
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      return { accepted: batch.events.length, duplicates: 0 };
    },
    close: () => (sink.file === '-' ? Promise.resolve() : new Promise<void>((resolve) => stream.end(() => resolve()))),
  };
}

main().catch((error: unknown) => {
  process.exitCode = 1;
  if (error instanceof SeedArgsError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return;
  }
  // One line: what stopped the run and what had been stored by then.
  if (error instanceof SeedRunError) {
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}seed failed: ${error.message}; ${error.stored}. Running the same command again sends the rest (what was stored comes back as duplicates).\n`);
    return;
  }
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
});
