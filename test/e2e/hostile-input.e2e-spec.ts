import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function expectError(response: request.Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.anything() } });
}

describe('hostile input: every route refuses it with a 4xx that names the problem', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  describe('two Authorization headers', () => {
    it('is refused with 400, whichever of the two is valid', async () => {
      const valid = `Bearer ${t.token('marketer')}`;
      for (const pair of [[valid, 'Bearer forged'], ['Bearer forged', valid], [valid, valid]]) {
        const response = await request(t.server).get('/v1/segments').set('Authorization', pair);
        expectError(response, 400, 'validation_failed');
        expect(response.body.error.message).toMatch(/Authorization/);
        expect(response.body.error.details.problems).toEqual([
          expect.objectContaining({ path: 'headers.authorization', rule: 'singleHeader' }),
        ]);
      }
    });

    it('is refused before a body is parsed', async () => {
      const response = await request(t.server)
        .post('/v1/segments/preview')
        .set('Authorization', [`Bearer ${t.token('marketer')}`, 'Bearer x'])
        .set('Content-Type', 'application/json')
        .send('{"expression": ');
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.problems[0].path).toBe('headers.authorization');
    });

    it('still lets one header through', async () => {
      expect((await request(t.server).get('/v1/segments').set(bearer(t.token('marketer')))).status).toBe(200);
    });
  });

  describe('error answers do not amplify', () => {
    it('lists at most 100 problems of a batch of bad events and says how many were left out', async () => {
      const bad = (i: number) => ({
        eventId: randomUUID(),
        type: 'FundViewed',
        userId: `u-${i}`,
        occurredAt: 'yesterday',
        data: { fundCode: 'x', category: 'junk', institutionId: '!', dwellSeconds: -1 },
      });
      const body = JSON.stringify({ events: Array.from({ length: 1000 }, (_, i) => bad(i)) });
      const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).set('Content-Type', 'application/json').send(body);
      expectError(response, 400, 'validation_failed');
      const { problems, omittedProblems } = response.body.error.details;
      expect(problems).toHaveLength(100);
      expect(omittedProblems).toBe(5000 - 100);
      expect(problems[0]).toMatchObject({ index: 0, path: 'events[0].occurredAt' });
      expect(response.body.error.message).toMatch(/1000 event\(s\) invalid/);
      expect(response.text.length).toBeLessThan(body.length / 4);
    });

    it('echoes no more than the start of a refused event type', async () => {
      const type = 'X'.repeat(100_000);
      const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events: [{ eventId: randomUUID(), type, userId: 'u', occurredAt: new Date().toISOString(), data: {} }] });
      expectError(response, 400, 'validation_failed');
      expect(response.text.length).toBeLessThan(2_000);
    });

    it('keeps the plain shape when nothing is left out', async () => {
      const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events: [] });
      expectError(response, 400, 'validation_failed');
      expect(Object.keys(response.body.error.details)).toEqual(['problems']);
    });
  });
});
