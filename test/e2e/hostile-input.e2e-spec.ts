import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Keys that name built-in object properties: each must be refused like any other unknown key. */
const BUILT_IN_KEYS = [
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
];

/** `JSON.stringify` cannot write an own `__proto__` key, so the body is written by hand around it. */
function jsonWith(body: Record<string, unknown>, at: string[], key: string, value: unknown = 'x'): string {
  const marker = '"__extra_key_marker__":0';
  let target: Record<string, unknown> = body;
  for (const step of at) target = target[step] as Record<string, unknown>;
  target.__extra_key_marker__ = 0;
  const json = JSON.stringify(body);
  delete target.__extra_key_marker__;
  return json.replace(marker, `${JSON.stringify(key)}:${JSON.stringify(value)}`);
}

const VALID_VIEW = () => ({
  eventId: randomUUID(),
  type: 'FundViewed',
  userId: `u-${randomUUID().slice(0, 8)}`,
  occurredAt: new Date(Date.now() - 60_000).toISOString(),
  data: { fundCode: '000001', category: 'gold', institutionId: 'demo_fund', dwellSeconds: 12 },
});

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
        const response = await request(t.server).get('/v1/segments').set('Authorization', pair as unknown as string);
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
        .set('Authorization', [`Bearer ${t.token('marketer')}`, 'Bearer x'] as unknown as string)
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

  describe('keys named after built-in object properties', () => {
    const postRaw = (path: string, json: string, token: string, method: 'post' | 'put' = 'post') =>
      request(t.server)[method](path).set(bearer(token)).set('Content-Type', 'application/json').send(json);
    const problemsOf = (response: request.Response) => response.body.error.details.problems as { path: string; rule: string }[];

    it.each(BUILT_IN_KEYS)('refuses %s in an event\'s data by its name, and stores nothing', async (key) => {
      const event = VALID_VIEW();
      const response = await postRaw('/v1/events', jsonWith({ events: [event] }, ['events', '0', 'data'], key, 'x'.repeat(1000)), t.token('ingest'));
      expectError(response, 400, 'validation_failed');
      expect(problemsOf(response)).toEqual([expect.objectContaining({ path: `events[0].data.${key}`, rule: 'unknownField' })]);
      const replay = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events: [event] });
      expect(replay.body).toEqual({ accepted: 1, duplicates: 0 });
    });

    it.each(BUILT_IN_KEYS)('refuses %s in an event\'s envelope and in the batch by its name', async (key) => {
      const envelope = await postRaw('/v1/events', jsonWith({ events: [VALID_VIEW()] }, ['events', '0'], key), t.token('ingest'));
      expectError(envelope, 400, 'validation_failed');
      expect(problemsOf(envelope)).toEqual([expect.objectContaining({ path: `events[0].${key}`, rule: 'unknownField' })]);
      const batch = await postRaw('/v1/events', jsonWith({ events: [VALID_VIEW()] }, [], key), t.token('ingest'));
      expectError(batch, 400, 'validation_failed');
      expect(problemsOf(batch)).toEqual([expect.objectContaining({ path: key, rule: 'unknownField' })]);
    });

    it('lists the event\'s other problems next to such a key', async () => {
      const event = { ...VALID_VIEW(), data: { fundCode: 'x', category: 'gold', institutionId: 'demo_fund', dwellSeconds: 12 } };
      const response = await postRaw('/v1/events', jsonWith({ events: [event] }, ['events', '0', 'data'], 'constructor'), t.token('ingest'));
      expect(problemsOf(response).map((p) => p.path)).toEqual(['events[0].data.fundCode', 'events[0].data.constructor']);
    });

    const expression = { tag: 'risk:C3' };
    const routes: { name: string; method: 'post' | 'put'; path: string; role: 'marketer' | 'recommender'; body: () => Record<string, unknown>; at?: string[]; prefix?: string }[] = [
      { name: 'preview', method: 'post', path: '/v1/segments/preview', role: 'marketer', body: () => ({ expression }) },
      { name: 'create', method: 'post', path: '/v1/segments', role: 'marketer', body: () => ({ name: 'n', expression }) },
      { name: 'redefine', method: 'put', path: `/v1/segments/${randomUUID()}`, role: 'marketer', body: () => ({ expression }) },
      { name: 'overlap', method: 'post', path: '/v1/segments/overlap', role: 'marketer', body: () => ({ a: { expression }, b: { expression } }) },
      { name: 'overlap side', method: 'post', path: '/v1/segments/overlap', role: 'marketer', body: () => ({ a: { expression }, b: { expression } }), at: ['b'], prefix: 'b.' },
      { name: 'snapshot', method: 'post', path: `/v1/segments/${randomUUID()}/snapshots`, role: 'marketer', body: () => ({}) },
      { name: 'batch lookup', method: 'post', path: '/v1/users/tags/batch', role: 'recommender', body: () => ({ userIds: ['u-1'] }) },
    ];
    for (const route of routes) {
      it.each(BUILT_IN_KEYS)(`refuses %s on ${route.name} by its name`, async (key) => {
        const response = await postRaw(route.path, jsonWith(route.body(), route.at ?? [], key), t.token(route.role), route.method);
        expectError(response, 400, 'validation_failed');
        expect(problemsOf(response)).toEqual([expect.objectContaining({ path: `${route.prefix ?? ''}${key}`, rule: 'unknownField' })]);
      });
    }
  });

  describe('deeply nested JSON', () => {
    const postRaw = (path: string, json: string, token: string, method: 'post' | 'put' = 'post') =>
      request(t.server)[method](path).set(bearer(token)).set('Content-Type', 'application/json').send(json);
    const deepNot = (depth: number) => `${'{"not":'.repeat(depth)}{"tag":"risk:C3"}${'}'.repeat(depth)}`;
    const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    const cases: { name: string; method: 'post' | 'put'; path: string; role: 'marketer' | 'recommender' | 'ingest'; json: string; field: RegExp }[] = [
      { name: 'preview', method: 'post', path: '/v1/segments/preview', role: 'marketer', json: `{"expression":${deepNot(5000)}}`, field: /^expression(\.not)+$/ },
      { name: 'create', method: 'post', path: '/v1/segments', role: 'marketer', json: `{"name":"n","expression":${deepNot(5000)}}`, field: /^expression(\.not)+$/ },
      { name: 'redefine', method: 'put', path: `/v1/segments/${randomUUID()}`, role: 'marketer', json: `{"expression":${deepNot(5000)}}`, field: /^expression(\.not)+$/ },
      { name: 'overlap', method: 'post', path: '/v1/segments/overlap', role: 'marketer', json: `{"a":{"expression":${deepNot(5000)}},"b":{"expression":{"tag":"risk:C3"}}}`, field: /^a\.expression(\.not)+$/ },
      { name: 'snapshot (extra field)', method: 'post', path: `/v1/segments/${randomUUID()}/snapshots`, role: 'marketer', json: `{"extra":${deepArray(1300)}}`, field: /^extra(\[0\])+$/ },
      { name: 'snapshot (known field)', method: 'post', path: `/v1/segments/${randomUUID()}/snapshots`, role: 'marketer', json: `{"asOf":${deepArray(1300)}}`, field: /^asOf(\[0\])+$/ },
      { name: 'batch lookup (extra field)', method: 'post', path: '/v1/users/tags/batch', role: 'recommender', json: `{"userIds":["u-1"],"x":${deepArray(1300)}}`, field: /^x(\[0\])+$/ },
      { name: 'batch lookup (known field)', method: 'post', path: '/v1/users/tags/batch', role: 'recommender', json: `{"userIds":${deepArray(1300)}}`, field: /^userIds(\[0\])+$/ },
      { name: 'events', method: 'post', path: '/v1/events', role: 'ingest', json: `{"events":[{"data":${deepArray(100_000)}}]}`, field: /^events\[0\]\.data(\[0\])+$/ },
    ];
    it.each(cases)('answers 400 on $name, naming the field', async ({ method, path, role, json, field }) => {
      const response = await postRaw(path, json, t.token(role), method);
      expectError(response, 400, 'validation_failed');
      const [problem] = response.body.error.details.problems;
      expect(problem).toMatchObject({ rule: 'maxDepth', path: expect.stringMatching(field) });
      expect(problem.message).toMatch(/nested deeper than 32 levels/);
    });

    it('leaves an expression nested past its own limit to the expression check', async () => {
      const response = await postRaw('/v1/segments/preview', `{"expression":${deepNot(12)}}`, t.token('marketer'));
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.problems[0]).toMatchObject({ rule: 'max_depth' });
    });
  });
});
