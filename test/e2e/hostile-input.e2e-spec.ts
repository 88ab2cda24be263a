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
});
