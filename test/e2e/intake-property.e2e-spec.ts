import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { invalidBatch, validBatch } from './intake-arbitraries';
import { IntakeTestApp, lastPosition, readUserStream, startIntakeApp } from './intake-test-app';

/**
 * Properties of the intake against the real embedded store: whatever valid
 * batch is posted comes back from the store exactly (same events, same order
 * per user, nothing else written anywhere); whatever invalid batch is posted
 * writes nothing at all and names exactly the broken items.
 */
describe('POST /v1/events properties', () => {
  let es: TestEventStore;
  let t: IntakeTestApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-intake-prop-'));
  let run = 0;

  beforeAll(async () => {
    es = await startTestEventStore();
    t = await startIntakeApp(es.connectionString, dataDir);
  });
  afterAll(async () => {
    await t.close();
    await es.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (events: unknown[]) =>
    request(t.server).post('/v1/events').set('authorization', `Bearer ${t.token('ingest')}`).send({ events });
  const prefix = () => `p${process.pid}r${++run}-`;

  async function eventsWrittenSince(before: Awaited<ReturnType<typeof lastPosition>>): Promise<number> {
    let count = 0;
    for await (const event of t.store.readAll({ from: before ?? 'start' })) {
      if (!event.streamId.startsWith('$')) count++;
    }
    return before ? count - 1 : count; // reads from a position include the event at it
  }

  it('stores valid batches exactly: same events, same order per user, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null).chain(() => validBatch(prefix())), async (events) => {
        const before = await lastPosition(t.store);
        const response = await post(events);
        expect(response.status).toBe(202);
        expect(response.body).toEqual({ accepted: events.length, duplicates: 0 });
        const users = [...new Set(events.map((e) => e.userId as string))];
        for (const user of users) {
          const stored = (await readUserStream(t.store, user)).map((s) => s.event);
          expect(stored).toEqual(events.filter((e) => e.userId === user));
        }
        expect(await eventsWrittenSince(before)).toBe(events.length);
        // And posting it again changes nothing.
        expect((await post(events)).body).toEqual({ accepted: 0, duplicates: events.length });
        expect(await eventsWrittenSince(before)).toBe(events.length);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('writes nothing for an invalid batch and names exactly the broken items', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null).chain(() => invalidBatch(prefix())), async ({ events, broken }) => {
        const before = await lastPosition(t.store);
        const response = await post(events);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('validation_failed');
        const indexes = [...new Set(response.body.error.details.problems.map((p: { index: number }) => p.index))];
        expect(indexes).toEqual(broken);
        expect(await lastPosition(t.store)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
