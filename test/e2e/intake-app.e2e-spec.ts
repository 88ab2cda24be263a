import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

/** The intake as mounted in the real single-process app (`npm start`), not only in the intake's own harness. */
describe('POST /v1/events in the single-process app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('accepts a batch and acknowledges its replay as duplicates', async () => {
    const events = [
      { eventId: randomUUID(), type: 'RiskAssessed', userId: `app-${randomUUID().slice(0, 8)}`, occurredAt: new Date().toISOString(), data: { level: 'C2' } },
    ];
    const post = () => request(t.server).post('/v1/events').set('authorization', `Bearer ${t.token('ingest')}`).send({ events });
    const first = await post();
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await post()).body).toEqual({ accepted: 0, duplicates: 1 });
  });
});
