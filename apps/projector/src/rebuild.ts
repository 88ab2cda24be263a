import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ClickHouse } from '@tagstream/clickhouse';
import { createProgress } from '@tagstream/common';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig, loadConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { createPinoLogger } from '@tagstream/http';
import { EventStoreDeadLetterSink, EventStoreSurrogateRegistry, EventStoreUserEventFeed, LabelRebuild } from '@tagstream/projection';
import { InfrastructureModule } from '../../api/src/infrastructure.module';

const USAGE = `usage: npm run projection:rebuild [-- --batch 20000 --keep-previous]
  Replays every user stream of the event store into fresh label tables and swaps them in atomically.
  --batch N          events per batch (default 20000)
  --keep-previous    keep the replaced generation as label_*_next tables instead of dropping it
With the embedded stores (no EVENTSTORE_CONNECTION_STRING / CLICKHOUSE_URL) stop the service first:
DATA_DIR can be open in one process only. Against real servers it runs next to the live service.`;

/**
 * `npm run projection:rebuild`: structured logs on stdout, the progress bar
 * (by `$all` position) on stderr. Interrupting it before the swap leaves the
 * live labels untouched; the next run starts over.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '20000' }, 'keep-previous': { type: 'boolean', default: false }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new UsageError(`--batch must be a whole number ≥ 1, got ${values.batch}`);

  const config = loadConfig(process.env);
  const logger = createPinoLogger({ level: config.LOG_LEVEL, service: 'rebuild' });
  const app = await NestFactory.createApplicationContext(InfrastructureModule.forRoot(config), { logger: ['error', 'warn'] });
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const events = app.get(EventStore);
    const ch = app.get(ClickHouse);
    const head = await lastPosition(events);
    const progress = createProgress('rebuild', { total: head, unit: 'bytes of $all' });
    const log = (level: 'info' | 'warn' | 'error', message: string, fields: object = {}) => logger[level](jsonSafe(fields), message);
    const rebuild = new LabelRebuild(
      ch,
      new EventStoreUserEventFeed(events, { log }),
      new EventStoreSurrogateRegistry(events),
      // Letter ids derive from the event and its position, so letters the live projector wrote are not duplicated.
      new EventStoreDeadLetterSink(events),
      new ErasureRegistry(events, app.get(AppConfig)),
      { keepPrevious: values['keep-previous'], projector: { maxBatchEvents: batch }, log, onProgress: ({ position }) => progress.set(Math.min(Number(position.commit), head)) },
    );
    const report = await rebuild.run(abort.signal);
    progress.done(`${report.events} events replayed, ${report.erasedEventsSkipped} of erased people skipped, swapped in`);
  } finally {
    await app.close();
  }
}

async function lastPosition(events: EventStore): Promise<number> {
  for await (const event of events.readAll({ from: 'end', direction: 'backwards', maxCount: 1 })) return Number(event.position.commit);
  return 0;
}

/** Positions are bigints, which JSON cannot hold. */
function jsonSafe(fields: object): object {
  return JSON.parse(JSON.stringify(fields, (_, value) => (typeof value === 'bigint' ? value.toString() : value)));
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
  else process.stderr.write(`rebuild failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
