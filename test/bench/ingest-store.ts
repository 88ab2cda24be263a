import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';

/**
 * The event store for `bench:ingest --topology separate`: the embedded server
 * in its own process, standing where a real EventStoreDB would. Sends its
 * connection string over IPC, then answers `rss` and `stop`.
 */
async function main(): Promise<void> {
  const server = await EmbeddedEventStoreServer.start({ dataDir: process.env.BENCH_STORE_DIR! });
  process.send?.({ kind: 'ready', connectionString: server.connectionString });
  process.on('message', async (message: { kind: string }) => {
    if (message.kind === 'rss') process.send?.({ kind: 'rss', peakRssBytes: process.resourceUsage().maxRSS * 1024 });
    if (message.kind === 'stop') {
      await server.stop();
      process.exit(0);
    }
  });
}

main().catch((error) => {
  process.stderr.write(`bench store failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
