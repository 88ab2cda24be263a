import { randomUUID } from 'node:crypto';
import { binaryEvent, EventStoreDBClient, START } from '@eventstore/db-client';
import { collectUntil, events, readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

/** A link event as projections write them: type `$>`, data `<revision>@<stream>`. */
const linkTo = (revision: number, stream: string) => binaryEvent({ id: randomUUID(), type: '$>', data: Buffer.from(`${revision}@${stream}`) });

describe('conformance: link events and resolveLinkTos', () => {
  let client: EventStoreDBClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, stop } = await startConformanceTarget());
  });
  afterAll(() => stop());

  /** A target stream of three events and a link stream pointing at revision 1, at a missing revision, and at a stream never written. */
  async function linked() {
    const target = uniqueStream('target');
    const links = uniqueStream('links');
    await client.appendToStream(target, events(3, 'Linked'));
    await client.appendToStream(links, [linkTo(1, target), linkTo(7, target), linkTo(0, uniqueStream('nowhere'))]);
    return { target, links };
  }

  it('reads links raw without resolveLinkTos', async () => {
    const { target, links } = await linked();
    const read = await readAllOf(client.readStream(links));
    expect(read.map((r) => [r.event?.type, r.link])).toEqual([
      ['$>', undefined],
      ['$>', undefined],
      ['$>', undefined],
    ]);
    expect(Buffer.from(read[0].event!.data as Uint8Array).toString()).toBe(`1@${target}`);
  });

  it('resolves a link to its target, with the link alongside, and leaves an unresolvable link in `link` alone', async () => {
    const { target, links } = await linked();
    const [resolved, missing, nowhere] = await readAllOf(client.readStream(links, { resolveLinkTos: true }));
    const [, original] = await readAllOf(client.readStream(target));

    expect(resolved.event).toMatchObject({ streamId: target, revision: 1n, type: 'Linked', id: original.event!.id, data: { n: 1 } });
    expect(resolved.event!.position).toEqual(original.event!.position);
    expect(resolved.link).toMatchObject({ streamId: links, revision: 0n, type: '$>' });

    expect(missing.event).toBeUndefined();
    expect(missing.link).toMatchObject({ streamId: links, revision: 1n, type: '$>' });
    expect(nowhere.event).toBeUndefined();
    expect(nowhere.link).toMatchObject({ streamId: links, revision: 2n, type: '$>' });
  });

  it('resolves links read from $all and in subscriptions too', async () => {
    const { target, links } = await linked();
    const [first] = await readAllOf(client.readStream(links, { maxCount: 1 }));
    const fromAll = await readAllOf(client.readAll({ fromPosition: first.event!.position!, maxCount: 1, resolveLinkTos: true }));
    expect(fromAll.map((r) => [r.event?.streamId, r.event?.revision, r.link?.streamId])).toEqual([[target, 1n, links]]);

    const subscription = client.subscribeToStream(links, { fromRevision: START, resolveLinkTos: true });
    try {
      const seen = await collectUntil(subscription, (items) => items.length === 3);
      expect(seen.map((r) => [r.event?.revision, r.link?.revision])).toEqual([
        [1n, 0n],
        [undefined, 1n],
        [undefined, 2n],
      ]);
    } finally {
      await subscription.unsubscribe();
    }
  });
});
