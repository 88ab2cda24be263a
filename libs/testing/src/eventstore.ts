import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@tagstream/eventstore';
import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';

export interface TestEventStore {
  store: EventStore;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * An event store for one test: the embedded server on a free port in a fresh
 * temporary directory, or the real server at `EVENTSTORE_CONNECTION_STRING`
 * when that is set (then tests must use unique stream names, which they do).
 */
export async function startTestEventStore(): Promise<TestEventStore> {
  const external = process.env.EVENTSTORE_CONNECTION_STRING;
  if (external) {
    const store = new EventStore(external);
    return { store, connectionString: external, stop: () => store.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-es-'));
  const server = await EmbeddedEventStoreServer.start({ dataDir });
  const store = new EventStore(server.connectionString);
  return {
    store,
    connectionString: server.connectionString,
    stop: async () => {
      await store.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
