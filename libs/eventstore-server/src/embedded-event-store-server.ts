import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { EngineOptions, EventStoreEngine } from './engine/event-store-engine';
import { operationsService } from './grpc/operations-service';
import { supportedMethodsHandler } from './grpc/server-features';
import { streamsService } from './grpc/streams-service';
import { addUnimplementedServices } from './grpc/unimplemented-services';
import { ServerLogger, silentLogger } from './logger';

export interface EmbeddedEventStoreOptions extends EngineOptions {
  /** Directory holding the log (`events.log`); created if missing. */
  dataDir: string;
  /** TCP port; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  logger?: ServerLogger;
}

export interface RunningEventStoreServer {
  /** `esdb://host:port?tls=false`, for `EventStoreDBClient.connectionString`. */
  connectionString: string;
  port: number;
  host: string;
  dataDir: string;
  /** Stops accepting calls, cancels open ones, and closes the log once pending writes are on disk. */
  stop(): Promise<void>;
}

/** An EventStoreDB-compatible gRPC server (the subset Tagstream uses) persisting to one local log. */
export class EmbeddedEventStoreServer {
  static async start(options: EmbeddedEventStoreOptions): Promise<RunningEventStoreServer> {
    const logger = options.logger ?? silentLogger;
    const host = options.host ?? '127.0.0.1';
    const started = Date.now();
    const engine = EventStoreEngine.open(options.dataDir, options);
    const recovery = engine.recovery;
    if (recovery.truncatedBytes > 0) {
      logger.warn(
        { truncatedBytes: recovery.truncatedBytes, reason: recovery.truncateReason, validBytes: recovery.bytes },
        'cut a torn record from the end of the event log',
      );
    }
    logger.info(
      { dataDir: options.dataDir, events: recovery.records, streams: engine.streamCount, ms: Date.now() - started },
      'event log opened',
    );

    const server = new Server({
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      'grpc.keepalive_permit_without_calls': 1,
    });
    server.addService(...streamsService(engine));
    server.addService(ServerFeaturesService as unknown as ServiceDefinition, {
      getSupportedMethods: supportedMethodsHandler(),
    });
    server.addService(...operationsService(engine, logger));
    addUnimplementedServices(server);

    let port: number;
    try {
      port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (err, bound) =>
          err ? reject(err) : resolve(bound),
        ),
      );
    } catch (error) {
      await engine.close();
      throw error;
    }
    const connectionString = `esdb://${host}:${port}?tls=false`;
    logger.info({ connectionString, port }, 'event store listening');

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        server.forceShutdown();
        await engine.close();
        logger.info({ port, ...engine.flushStats }, 'event store stopped');
      })());
    return { connectionString, port, host, dataDir: options.dataDir, stop };
  }
}
