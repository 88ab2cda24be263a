import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';

export interface GracefulShutdownOptions {
  /** After this, give up waiting and exit 1. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests
 * finish, then close the app (stores close in their destroy hooks) and exit 0.
 *
 * The HTTP server is closed first on purpose: Nest's own `close()` runs the
 * destroy hooks before it stops the server, which would close the stores under
 * requests still being served. A second signal gets Node's default (immediate)
 * behaviour because the handlers are `once`.
 */
export function enableGracefulShutdown(app: INestApplication, logger: Logger, options: GracefulShutdownOptions = {}): void {
  const { timeoutMs = 15_000, signals = ['SIGTERM', 'SIGINT'] } = options;
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: refusing new connections, finishing in-flight requests');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, timeoutMs).unref();
    try {
      await closeHttpServer(app.getHttpServer() as Server);
      await app.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of signals) process.once(signal, (s: NodeJS.Signals) => void stop(s));
}

/** Resolves once every connection is gone; idle keep-alive connections are closed as soon as they go idle. */
export function closeHttpServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    server.close((error) => {
      clearInterval(sweeper);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
