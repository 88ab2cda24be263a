import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AuthModule, AuthSecret, Role, signToken } from '@tagstream/auth';
import { ConfigModule, loadConfig } from '@tagstream/config';
import { decodeStoredEvent, DomainEvent, EventMetadata, userStreamName } from '@tagstream/events';
import { EventStore, EventStoreModule, StorePosition } from '@tagstream/eventstore';
import { EmbeddedEventStoreServer, RunningEventStoreServer } from '@tagstream/eventstore-server';
import { AppLogger, configureHttpApp } from '@tagstream/http';
import { IntakeModule, IntakeModuleOptions, IntakeService } from '@tagstream/intake';
import { ObservabilityModule } from '@tagstream/observability';

export interface IntakeTestApp {
  app: NestExpressApplication;
  server: Server;
  store: EventStore;
  intake: IntakeService;
  token(role: Role, sub?: string): string;
  close(): Promise<void>;
}

/**
 * The intake as the apps mount it (config, observability, the event-store
 * module, the `/v1` guard, the HTTP conventions) on an event store the test
 * owns, so a test can stop and restart the store or the service around it.
 */
export async function startIntakeApp(
  connectionString: string,
  dataDir: string,
  options: IntakeModuleOptions & { env?: Record<string, string> } = {},
): Promise<IntakeTestApp> {
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error', AUTH_JWT_SECRET: SECRET, ...options.env });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      ObservabilityModule,
      EventStoreModule.forRoot({ connectionString, dataDir }),
      AuthModule,
      IntakeModule.register(options),
    ],
  }).compile();
  const logger = AppLogger.create({ level: 'error', service: 'e2e' });
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
  configureHttpApp(app, config, { logger });
  await app.init();
  const secret = app.get(AuthSecret).value;
  return {
    app,
    server: app.getHttpServer(),
    store: app.get(EventStore),
    intake: app.get(IntakeService),
    token: (role, sub = `e2e-${role}`) => signToken(secret, { sub, role, ...(role === 'marketer' ? { tenant: 'demo_fund' } : {}) }, 300),
    close: () => app.close(),
  };
}

const SECRET = 'intake-e2e-secret-intake-e2e-secret';

/** An embedded event store on a temporary directory that can be stopped and started again on the same log. */
export class RestartableEventStore {
  private running?: RunningEventStoreServer;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'tagstream-intake-'));
  private port = 0;

  async start(): Promise<string> {
    this.running = await EmbeddedEventStoreServer.start({ dataDir: join(this.dataDir, 'eventstore'), port: this.port });
    this.port = this.running.port;
    return this.running.connectionString;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface StoredUserEvent {
  event: DomainEvent;
  metadata: EventMetadata;
}

/** A user's stream as stored, decoded back to domain events. */
export async function readUserStream(store: EventStore, userId: string): Promise<StoredUserEvent[]> {
  const events: StoredUserEvent[] = [];
  for await (const stored of store.readStream(userStreamName(userId))) {
    events.push({ event: decodeStoredEvent({ ...stored, eventId: stored.id }), metadata: stored.metadata as EventMetadata });
  }
  return events;
}

/** Position of the last event in the store ("nothing written" means this does not move). */
export async function lastPosition(store: EventStore): Promise<StorePosition | undefined> {
  for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
  return undefined;
}
