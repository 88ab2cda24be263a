import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import { events, readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

describe('conformance: reading', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, stop } = await startConformanceTarget());
  });
  afterAll(() => stop());

  const revisions = (read: Array<{ event?: { revision: bigint } }>) => read.map((e) => e.event!.revision);

  it('reads a stream forwards and backwards, from start, end or a revision, with maxCount', async () => {
    const stream = uniqueStream();
    await client.appendToStream(stream, events(10));
    expect(revisions(await readAllOf(client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    expect(revisions(await readAllOf(client.readStream(stream, { fromRevision: 7n })))).toEqual([7n, 8n, 9n]);
    expect(revisions(await readAllOf(client.readStream(stream, { fromRevision: 2n, maxCount: 3 })))).toEqual([2n, 3n, 4n]);
    expect(
      revisions(await readAllOf(client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 3 }))),
    ).toEqual([9n, 8n, 7n]);
    expect(revisions(await readAllOf(client.readStream(stream, { direction: BACKWARDS, fromRevision: 1n })))).toEqual([
      1n,
      0n,
    ]);
    expect(await readAllOf(client.readStream(stream, { fromRevision: END, direction: FORWARDS }))).toEqual([]);
    expect(await readAllOf(client.readStream(stream, { fromRevision: 50n }))).toEqual([]);
  });

  it('answers stream-not-found for a stream never written, naming it', async () => {
    const stream = uniqueStream('missing');
    const error = await readAllOf(client.readStream(stream)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamNotFoundError);
    expect((error as StreamNotFoundError).streamName).toBe(stream);
  });

  it('keeps the connection through thousands of reads of missing streams in a row', async () => {
    // Every one of them must end without an HTTP/2 reset: Node's rapid-reset defence closes a connection after ~1 000.
    for (let i = 0; i < 2_500; i++) {
      await expect(readAllOf(client.readStream(uniqueStream(`missing${i}`), { maxCount: 1 }))).rejects.toBeInstanceOf(StreamNotFoundError);
    }
    await client.appendToStream(uniqueStream('after'), events(1));
  }, 60_000);

  it('reads $all forwards from a position (inclusive) and backwards (exclusive), in append order', async () => {
    const a = uniqueStream('alla');
    const b = uniqueStream('allb');
    const first = await client.appendToStream(a, events(2));
    await client.appendToStream(b, events(2));
    await client.appendToStream(a, events(1, 'Tested', 2));
    const from = (await readAllOf(client.readStream(a, { maxCount: 1 })))[0].event!.position!;
    const forwards = (await readAllOf(client.readAll({ fromPosition: from, maxCount: 5 })))
      .map((e) => e.event!)
      .filter((e) => e.streamId === a || e.streamId === b);
    expect(forwards.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'b1', 'a2']);
    for (let i = 1; i < forwards.length; i++) {
      expect(forwards[i].position!.commit).toBeGreaterThan(forwards[i - 1].position!.commit);
    }
    const backwards = (await readAllOf(client.readAll({ fromPosition: first.position!, direction: BACKWARDS, maxCount: 1 })))
      .map((e) => e.event!);
    expect(backwards).toHaveLength(1);
    expect(backwards[0].position!.commit).toBeLessThan(first.position!.commit);
  });

  it('reads the end of $all backwards and nothing forwards from the end', async () => {
    const stream = uniqueStream();
    const written = await client.appendToStream(stream, events(1));
    const [last] = await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    expect(last.event!.position!.commit).toBeGreaterThanOrEqual(written.position!.commit);
    expect(await readAllOf(client.readAll({ fromPosition: END, maxCount: 10 }))).toEqual([]);
    const fromStart = await readAllOf(client.readAll({ fromPosition: START, maxCount: 2 }));
    expect(fromStart).toHaveLength(2);
  });
});
