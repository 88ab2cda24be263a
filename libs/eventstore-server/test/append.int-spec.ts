import { randomUUID } from 'node:crypto';
import {
  ANY,
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import { events, readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

describe('conformance: appending', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, stop } = await startConformanceTarget());
  });
  afterAll(() => stop());

  it('appends to a new stream with no_stream and reports the next revision and position', async () => {
    const stream = uniqueStream();
    const result = await client.appendToStream(stream, events(3), { expectedRevision: NO_STREAM });
    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(2n);
    expect(result.position!.commit).toBeGreaterThanOrEqual(0n);
    const read = await readAllOf(client.readStream(stream));
    expect(read.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n]);
    expect(read[2].event!.position).toEqual(result.position);
  });

  it('checks every kind of expected revision', async () => {
    const stream = uniqueStream();
    await expect(client.appendToStream(stream, events(1), { expectedRevision: STREAM_EXISTS })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
    await client.appendToStream(stream, events(2), { expectedRevision: ANY });
    await expect(client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 'no_stream',
      actualVersion: 1n,
    });
    await expect(client.appendToStream(stream, events(1), { expectedRevision: 0n })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      streamName: stream,
      expectedVersion: 0n,
      actualVersion: 1n,
    });
    const ok = await client.appendToStream(stream, events(1), { expectedRevision: 1n });
    expect(ok.nextExpectedRevision).toBe(2n);
    const exists = await client.appendToStream(stream, events(1), { expectedRevision: STREAM_EXISTS });
    expect(exists.nextExpectedRevision).toBe(3n);
  });

  it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => client.appendToStream(stream, events(1, `Writer${i}`), { expectedRevision: 0n })),
    );
    const winners = attempts.filter((a) => a.status === 'fulfilled');
    const losers = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(7);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(loser.reason).toMatchObject({ expectedVersion: 0n, actualVersion: 1n });
    }
    expect(await readAllOf(client.readStream(stream))).toHaveLength(2);
  });

  it('does not write a retried append twice (exact and no_stream expectations)', async () => {
    const stream = uniqueStream();
    const batch = events(3);
    const first = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    const retry = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
    const next = events(2);
    await client.appendToStream(stream, next, { expectedRevision: 2n });
    const retryExact = await client.appendToStream(stream, next, { expectedRevision: 2n });
    expect(retryExact.nextExpectedRevision).toBe(4n);
    const stored = await readAllOf(client.readStream(stream));
    expect(stored.map((e) => e.event!.id)).toEqual([...batch, ...next].map((e) => e.id));
  });

  it('does not write a retried append twice with expected revision any', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(1), { expectedRevision: ANY });
    const batch = events(2);
    const first = await client.appendToStream(stream, batch, { expectedRevision: ANY });
    const retry = await client.appendToStream(stream, batch, { expectedRevision: ANY });
    expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(await readAllOf(client.readStream(stream))).toHaveLength(3);
  });

  it('rejects a retry that only partly matches what was written', async () => {
    const stream = uniqueStream();
    const batch = events(2);
    await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    const mixed = [batch[0], ...events(1)];
    await expect(client.appendToStream(stream, mixed, { expectedRevision: NO_STREAM })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect(await readAllOf(client.readStream(stream))).toHaveLength(2);
  });

  it('keeps JSON data, metadata, type and id as sent', async () => {
    const stream = uniqueStream();
    const id = randomUUID();
    await client.appendToStream(
      stream,
      jsonEvent({ id, type: 'FundViewed', data: { fundCode: '000001', nested: { a: [1, 2] } }, metadata: { v: 1 } }),
    );
    const [read] = await readAllOf(client.readStream(stream));
    expect(read.event).toMatchObject({
      id,
      streamId: stream,
      type: 'FundViewed',
      isJson: true,
      data: { fundCode: '000001', nested: { a: [1, 2] } },
      metadata: { v: 1 },
    });
    expect(Math.abs(read.event!.created.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('refuses an append larger than the maximum append size', async () => {
    const stream = uniqueStream();
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1_100_000) } });
    await expect(client.appendToStream(stream, big)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
  });

  it('refuses a batch append whose deadline has passed, writes none of it, and keeps serving the connection', async () => {
    // A deadline of 0 ms is already over when the server reads the request: no timing involved.
    const stream = uniqueStream('late');
    await expect(client.appendToStream(stream, events(3), { deadline: 0 })).rejects.toBeInstanceOf(DeadlineExceededError);
    // Split over many requests: the first is refused, the rest of that append is ignored.
    await expect(client.appendToStream(stream, events(2_000), { deadline: 0, batchAppendSize: 4_096 })).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(readAllOf(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);

    const result = await client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
    expect(result.nextExpectedRevision).toBe(1n);
  });
});
