import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EmbeddedEventStoreServer, type RunningEventStoreServer, type ServerLogger } from '@tagstream/eventstore-server';
import { EVENT_STORE_CONNECTION_STRING, EventStore } from './event-store';

export interface EventStoreModuleOptions {
  /** `esdb://…` of a real EventStoreDB; when unset the embedded server is started. */
  connectionString?: string;
  /** The embedded server keeps its log under `<dataDir>/eventstore`. */
  dataDir: string;
  /** Port of the embedded server; any free port when unset. */
  embeddedPort?: number;
}

const EMBEDDED_SERVER = Symbol('EMBEDDED_EVENT_STORE_SERVER');

/** The embedded server's lines (start, recovery of a torn record, stop) in the application's structured log. */
function serverLogger(): ServerLogger {
  const logger = new Logger('EventStoreServer');
  return {
    info: (fields, message) => logger.log({ ...fields, msg: message }),
    warn: (fields, message) => logger.warn({ ...fields, msg: message }),
    error: (fields, message) => logger.error({ ...fields, msg: message }),
  };
}

/** Closes the client, then the embedded server (if any), when the application shuts down. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly store: EventStore,
    @Inject(EMBEDDED_SERVER) private readonly server: RunningEventStoreServer | undefined,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.server?.stop();
  }
}

@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EMBEDDED_SERVER,
          useFactory: async (): Promise<RunningEventStoreServer | undefined> =>
            options.connectionString
              ? undefined
              : EmbeddedEventStoreServer.start({
                  dataDir: join(options.dataDir, 'eventstore'),
                  logger: serverLogger(),
                  ...(options.embeddedPort === undefined ? {} : { port: options.embeddedPort }),
                }),
        },
        {
          provide: EVENT_STORE_CONNECTION_STRING,
          useFactory: (server: RunningEventStoreServer | undefined): string =>
            options.connectionString ?? server!.connectionString,
          inject: [EMBEDDED_SERVER],
        },
        EventStore,
        EventStoreLifecycle,
      ],
      exports: [EventStore],
    };
  }
}
