import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tagstream/config';
import { EventStore, EventStoreModule } from '@tagstream/eventstore';
import { groupByUser, UserStreamAppender } from '@tagstream/intake';
import { SeedBatch } from './seed-batches';

/**
 * `--direct`: appends through the same idempotent per-user appender the
 * intake uses, so seeding twice with the same seed stores nothing new. The
 * store is EVENTSTORE_CONNECTION_STRING, or the embedded server on DATA_DIR
 * (which must not be open in a running service at the same time).
 */
export async function openDirectSink(concurrency: number) {
  const config = loadConfig(process.env);
  const context = await NestFactory.createApplicationContext(
    EventStoreModule.forRoot({ connectionString: config.EVENTSTORE_CONNECTION_STRING, dataDir: config.DATA_DIR }),
    { logger: ['error', 'warn'] },
  );
  const appender = new UserStreamAppender(context.get(EventStore));
  const writeContext = { requestId: `seed-${Date.now()}`, producer: 'seed' };
  return {
    concurrency,
    send: async (batch: SeedBatch) => {
      const outcomes = await Promise.all(
        [...groupByUser(batch.events)].map(([userId, events]) => appender.append(userId, events, writeContext)),
      );
      return {
        accepted: outcomes.reduce((sum, o) => sum + o.accepted, 0),
        duplicates: outcomes.reduce((sum, o) => sum + o.duplicates, 0),
      };
    },
    close: () => context.close(),
  };
}
