import { EventStoreDBClient, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { events, readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

describe('conformance: deleting and stream metadata', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, stop } = await startConformanceTarget());
  });
  afterAll(() => stop());

  it('soft-deletes a stream: it reads as not found, and a new append recreates it after the old revisions', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(3));
    const deleted = await client.deleteStream(stream, { expectedRevision: 2n });
    expect(deleted.position).toBeDefined();
    await expect(readAllOf(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream(stream, events(1));
    const after = await readAllOf(client.readStream(stream));
    expect(after.map((e) => e.event!.revision)).toEqual([3n]);
  });

  it('refuses a delete with the wrong expected revision', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(2));
    await expect(client.deleteStream(stream, { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await readAllOf(client.readStream(stream))).toHaveLength(2);
  });

  it('tombstones a stream: reads, appends and deletes answer stream-deleted', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(2));
    await client.tombstoneStream(stream);
    await expect(readAllOf(client.readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream(stream, events(1))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.deleteStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.tombstoneStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('stores and returns stream metadata through $$stream, and honours maxCount on reads', async () => {
    const stream = uniqueStream();
    expect((await client.getStreamMetadata(stream)).metadata).toBeUndefined();
    await client.appendToStream(stream, events(5));
    await client.setStreamMetadata(stream, { maxCount: 2, owner: 'segments' } as never);
    const { metadata } = await client.getStreamMetadata(stream);
    expect(metadata).toMatchObject({ maxCount: 2, owner: 'segments' });
    const visible = await readAllOf(client.readStream(stream));
    expect(visible.map((e) => e.event!.revision)).toEqual([3n, 4n]);
  });
});
