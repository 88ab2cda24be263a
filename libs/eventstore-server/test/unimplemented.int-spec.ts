import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EmbeddedEventStoreServer, type RunningEventStoreServer } from '@tagstream/eventstore-server';

// Embedded server only: a real EventStoreDB implements these calls.
describe('embedded server: calls outside the supported subset', () => {
  let server: RunningEventStoreServer;
  let client: EventStoreDBClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-esdb-unimpl-'));
    server = await EmbeddedEventStoreServer.start({ dataDir });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers UNIMPLEMENTED with a message naming the call', async () => {
    await expect(client.getProjectionStatus('any')).rejects.toMatchObject({
      message: expect.stringContaining('Projections.statistics is not implemented'),
    });
    await expect(client.disableProjection('any')).rejects.toMatchObject({
      message: expect.stringContaining('not implemented by the embedded Tagstream event store'),
    });
  });
});
