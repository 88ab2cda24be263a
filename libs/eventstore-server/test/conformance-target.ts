import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type JSONEventType } from '@eventstore/db-client';
import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';

/**
 * The server the conformance suite talks to: the embedded one in a fresh
 * directory, or the real EventStoreDB at `EVENTSTORE_CONNECTION_STRING`. The
 * suite uses only the client's public API and unique stream names, so it runs
 * unchanged against either.
 */
export async function startConformanceTarget(): Promise<{ client: EventStoreDBClient; connectionString: string; stop(): Promise<void> }> {
  const external = process.env.EVENTSTORE_CONNECTION_STRING;
  if (external) {
    const client = EventStoreDBClient.connectionString(external);
    return { client, connectionString: external, stop: () => client.dispose() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-esdb-conformance-'));
  const server = await EmbeddedEventStoreServer.start({ dataDir });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  return {
    client,
    connectionString: server.connectionString,
    stop: async () => {
      await client.dispose();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function uniqueStream(prefix = 'conf'): string {
  return `${prefix}-${randomUUID().replace(/-/g, '')}`;
}

export function events(count: number, type = 'Tested', from = 0) {
  return Array.from({ length: count }, (_, i) =>
    jsonEvent<JSONEventType>({ id: randomUUID(), type, data: { n: from + i }, metadata: { source: 'conformance' } }),
  );
}

/** Collects items from an async iterable until `stop` says so; fails after `timeoutMs` instead of hanging. */
export async function collectUntil<T>(
  iterable: AsyncIterable<T>,
  stop: (items: T[]) => boolean,
  timeoutMs = 10_000,
): Promise<T[]> {
  const items: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms with ${items.length} items`)), timeoutMs);
  });
  const consume = (async () => {
    for await (const item of iterable) {
      items.push(item);
      if (stop(items)) break;
    }
    return items;
  })();
  try {
    return await Promise.race([consume, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readAllOf<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
