/**
 * A projector in its own process, for the crash test. Modes (argv[2]):
 *  - `project`: follows the user streams into the labels of DATABASE until caught up;
 *    prints `{"batch":n,"total":t}` after each batch is written and `{"caughtUp":true}` at the end.
 *  - `rebuild`: a clean rebuild into DATABASE.
 *  - `snapshot`: prints the label tables of DATABASE as one JSON line.
 * Environment: EVENTSTORE (esdb:// URL), DATABASE, CHDB_DIR, BATCH (events per batch).
 */
import { ClickHouse, runMigrations } from '@tagstream/clickhouse';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { EventStoreDeadLetterSink, EventStoreSurrogateRegistry, EventStoreUserEventFeed, LabelRebuild, LabelStore, Projector } from '@tagstream/projection';
import { comparableSnapshot } from './comparable-snapshot';

async function main(): Promise<void> {
  const mode = process.argv[2];
  const ch = await ClickHouse.connect({ database: required('DATABASE'), dataDir: required('CHDB_DIR') });
  const events = new EventStore(required('EVENTSTORE'));
  try {
    await runMigrations(ch);
    const feed = new EventStoreUserEventFeed(events);
    const registry = new EventStoreSurrogateRegistry(events);
    const deadLetters = new EventStoreDeadLetterSink(events);
    const erasures = new ErasureRegistry(events, Object.assign(new AppConfig(), { PSEUDONYM_KEY: 'c'.repeat(32) }));
    const maxBatchEvents = Number(process.env.BATCH ?? 500);
    if (mode === 'project') {
      const projector = new Projector(new LabelStore(ch), feed, registry, deadLetters, {
        maxBatchEvents,
        erasures,
        onBatch: ({ events: n, total }) => print({ batch: n, total }),
      });
      await projector.run(new AbortController().signal, { untilCaughtUp: true });
      print({ caughtUp: true });
    } else if (mode === 'rebuild') {
      const report = await new LabelRebuild(ch, feed, registry, deadLetters, erasures, { projector: { maxBatchEvents } }).run(new AbortController().signal);
      print({ rebuilt: report.events });
    } else if (mode === 'snapshot') {
      print(await comparableSnapshot(ch));
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    await events.close();
    await ch.close();
  }
}

function print(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().then(
  // Exit once stdout (a pipe, written asynchronously) has been flushed.
  () => process.stdout.write('', () => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
