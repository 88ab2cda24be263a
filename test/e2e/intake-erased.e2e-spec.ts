import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventStore } from '@tagstream/eventstore';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * A producer that keeps sending events of a person erased meanwhile: the whole
 * batch is refused with a 400 naming those events, and nothing of it is
 * written, the other users' events included.
 */
describe('POST /v1/events with events of an erased person', () => {
  let t: TestApp;
  let store: EventStore;
  const run = Date.now().toString(36);
  const [erased, other] = [`erased-${run}`, `other-${run}`];
  const bearer = (role: string) => ({ Authorization: `Bearer ${t.token(role as never)}` });
  const viewed = (userId: string) => ({
    eventId: randomUUID(),
    userId,
    type: 'FundViewed',
    occurredAt: new Date().toISOString(),
    data: { fundCode: '518880', category: 'gold', institutionId: 'acme', dwellSeconds: 9 },
  });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
    store = t.app.get(EventStore);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function eventsOf(userId: string): Promise<number> {
    let n = 0;
    try {
      for await (const _ of store.readStream(`user-${userId}`)) n++;
    } catch (error) {
      if ((error as Error).name === 'StreamNotFoundError' || /not found/i.test((error as Error).message)) return 0;
      throw error;
    }
    return n;
  }

  it('refuses the whole batch, names each event of the erased person, and writes nothing', async () => {
    expect((await request(t.server).post('/v1/events').set(bearer('ingest')).send({ events: [viewed(erased)] })).status).toBe(202);
    expect((await request(t.server).delete(`/v1/users/${erased}`).set(bearer('admin'))).status).toBe(200);

    const response = await request(t.server)
      .post('/v1/events')
      .set(bearer('ingest'))
      .send({ events: [viewed(other), viewed(erased), viewed(other), viewed(erased)] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.problems).toEqual([
      expect.objectContaining({ index: 1, path: 'events[1].userId', rule: 'erased' }),
      expect.objectContaining({ index: 3, path: 'events[3].userId', rule: 'erased' }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain(erased);
    expect(await eventsOf(other)).toBe(0);
  });

  it('takes the same events once the erased person is left out', async () => {
    const response = await request(t.server).post('/v1/events').set(bearer('ingest')).send({ events: [viewed(other), viewed(other)] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 2, duplicates: 0 });
    expect(await eventsOf(other)).toBe(2);
  });
});
