import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';
import { createPinoLogger } from '@tagstream/http';

/**
 * The embedded EventStoreDB-compatible server as its own process:
 *   npm run eventstore -- --port 2113 --data ./data/eventstore [--host 127.0.0.1]
 * Logs JSON lines (the "event store listening" line carries the connection
 * string) and stops cleanly on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      data: { type: 'string', default: './data/eventstore' },
      host: { type: 'string', default: '127.0.0.1' },
      'log-level': { type: 'string', default: 'info' },
    },
  });
  const logger = createPinoLogger({ level: values['log-level'] as 'info', service: 'eventstore' });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    logger.error({ port: values.port }, '--port must be an integer between 0 and 65535');
    process.exit(2);
  }
  const server = await EmbeddedEventStoreServer.start({
    dataDir: resolve(values.data!),
    port,
    host: values.host!,
    logger,
  });
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopping event store');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'event store did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'event store failed to start', err: String(error) })}\n`);
  process.exit(1);
});
