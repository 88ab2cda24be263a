import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AuthModule, AuthSecret, signToken } from '@tagstream/auth';
import { ErasureRegistry } from '@tagstream/compliance';
import { ConfigModule, loadConfig } from '@tagstream/config';
import { EVENT_STORE_CONNECTION_STRING, EventStoreModule } from '@tagstream/eventstore';
import { AppLogger, configureHttpApp } from '@tagstream/http';
import { IntakeModule } from '@tagstream/intake';
import { ObservabilityModule } from '@tagstream/observability';

/**
 * The service under test for `bench:ingest`, in its own process so its RSS is
 * its own: the intake over HTTP, against EVENTSTORE_CONNECTION_STRING, or
 * with the embedded event store in-process as the single-process mode runs
 * it (without the projector, which is not what this benchmark measures).
 * Sends its URL, store connection string and an ingest token over IPC, then
 * answers `rss` and `stop`.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });

  /** The erasure check the apps wire into the intake (compliance's registry, without the rest of compliance). */
  @Global()
  @Module({ providers: [ErasureRegistry], exports: [ErasureRegistry] })
  class ErasuresModule {}

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      ErasuresModule,
      ObservabilityModule,
      EventStoreModule.forRoot({ connectionString: config.EVENTSTORE_CONNECTION_STRING, dataDir: config.DATA_DIR }),
      AuthModule,
      IntakeModule.register({ erasedUsers: ErasureRegistry }),
    ],
  })
  class IngestBenchModule {}

  const logger = AppLogger.create({ level: config.LOG_LEVEL, service: 'bench-ingest' });
  const app = await NestFactory.create<NestExpressApplication>(IngestBenchModule, { logger });
  configureHttpApp(app, config, { logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const token = signToken(app.get(AuthSecret).value, { sub: 'bench-producer', role: 'ingest' }, 3600);
  const connectionString = app.get<string>(EVENT_STORE_CONNECTION_STRING);
  process.send?.({ kind: 'ready', url: `http://127.0.0.1:${port}`, token, connectionString });
  process.on('message', async (message: { kind: string }) => {
    if (message.kind === 'rss') process.send?.({ kind: 'rss', peakRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss });
    if (message.kind === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
}

main().catch((error) => {
  process.stderr.write(`bench service failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
