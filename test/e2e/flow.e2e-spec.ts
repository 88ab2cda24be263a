import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventStore } from '@tagstream/eventstore';
import { lastPositionOf, waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const FLOOR = 5;
const USERS = 8;
const TENANT = 'demo_fund';

/**
 * The whole flow on the real single-process module over HTTP: events posted
 * by a producer, folded by the projector running in the app, visible in
 * segment sizes and to the recommender; consent withdrawn and erasure honoured.
 */
describe('ingest → projection → segments and recommender (single process, real stores)', () => {
  let t: TestApp;
  let store: EventStore;
  const run = Date.now().toString(36);
  const userIds = Array.from({ length: USERS }, (_, i) => `flow-${run}-${i}`);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const marketer = () => bearer(t.token('marketer', { tenant: TENANT }));
  const recommender = () => bearer(t.token('recommender'));
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  beforeAll(async () => {
    // One person's change moves several nested answers of a handful of users by one: exactly what the
    // difference check withholds (privacy-difference.e2e-spec.ts). Here each surface is checked on its own.
    t = await createTestApp({ env: { MIN_AUDIENCE_SIZE: String(FLOOR), LOG_LEVEL: 'warn', DIFFERENCE_CHECK: 'off' } });
    store = t.app.get(EventStore);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  function history(userId: string) {
    const fund = { fundCode: '518880', category: 'gold', institutionId: TENANT };
    return [
      { type: 'UserRegistered', data: { channel: 'app', region: 'canary-region' }, occurredAt: minutesAgo(40) },
      { type: 'RiskAssessed', data: { level: 'C3' }, occurredAt: minutesAgo(30) },
      { type: 'FundViewed', data: { ...fund, dwellSeconds: 12 }, occurredAt: minutesAgo(20) },
      { type: 'FundSubscribed', data: { ...fund, amount: '1000.00', currency: 'CNY' }, occurredAt: minutesAgo(10) },
    ].map((event) => ({ eventId: randomUUID(), userId, ...event }));
  }

  async function post(events: object[]) {
    const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events });
    expect(response.status).toBe(202);
    return response.body as { accepted: number; duplicates: number };
  }

  async function previewSize(expression: object) {
    const response = await request(t.server).post('/v1/segments/preview').set(marketer()).send({ expression });
    expect(response.status).toBe(200);
    return response.body as { size: number | null; belowFloor: boolean; freshness: { position: string | null } };
  }

  const goldC3 = { and: [{ tag: 'risk:C3' }, { tag: 'holder:gold' }, { tag: `inst:${TENANT}:holder` }] };

  it('projects posted events into sizes and into the recommender lookup', async () => {
    expect(await post(userIds.flatMap(history))).toEqual({ accepted: USERS * 4, duplicates: 0 });
    const target = await lastPositionOf(store, userIds);
    await waitUntilProjected(t.app, userIds);

    const size = await previewSize(goldC3);
    expect(size).toMatchObject({ size: USERS, belowFloor: false });
    expect(BigInt(size.freshness.position!.split('/')[0])).toBeGreaterThanOrEqual(target.commit);
    expect(await previewSize({ tag: 'viewed:gold', within: '7d' })).toMatchObject({ size: USERS });

    const tags = await request(t.server).get(`/v1/users/${userIds[0]}/tags`).set(recommender());
    expect(tags.status).toBe(200);
    expect(tags.body).toMatchObject({ userId: userIds[0], personalized: true });
    expect(tags.body.state).toEqual(expect.arrayContaining(['risk:C3', 'holder:gold', `inst:${TENANT}:holder`]));
    const activity = Object.fromEntries((tags.body.activity as { tag: string; last7d: number }[]).map((a) => [a.tag, a.last7d]));
    expect(activity).toMatchObject({ active: 4, registered: 1, 'viewed:gold': 1, [`inst:${TENANT}:engaged`]: 2 });
    expect(JSON.stringify(tags.body)).not.toMatch(/canary-region|1000\.00/);

  });

  it('takes a user who withdraws consent out of every size and unpersonalises the recommender', async () => {
    const [optedOut] = userIds;
    await post([{ eventId: randomUUID(), userId: optedOut, type: 'MarketingConsentChanged', data: { personalized: false }, occurredAt: minutesAgo(1) }]);
    await waitUntilProjected(t.app, [optedOut]);

    expect(await previewSize(goldC3)).toMatchObject({ size: USERS - 1 });
    const tags = await request(t.server).get(`/v1/users/${optedOut}/tags`).set(recommender());
    expect(tags.status).toBe(200);
    expect(tags.body).toMatchObject({ userId: optedOut, personalized: false, state: [], activity: [] });
  });

  it('erases a user: gone from sizes and from the recommender, and not brought back by later events', async () => {
    const erased = userIds[1];
    const response = await request(t.server).delete(`/v1/users/${erased}`).set(bearer(t.token('admin')));
    expect(response.status).toBe(200);
    expect(response.body.removed).toMatchObject({ streamDeleted: true, surrogateMappingDropped: true });

    expect(await previewSize(goldC3)).toMatchObject({ size: USERS - 2 });
    const tags = await request(t.server).get(`/v1/users/${erased}/tags`).set(recommender());
    expect(tags.status).toBe(404);

    // Another user's events still flow; the erased person stays out.
    const late = userIds[2];
    await post([{ eventId: randomUUID(), userId: late, type: 'RiskAssessed', data: { level: 'C5' }, occurredAt: minutesAgo(0) }]);
    await waitUntilProjected(t.app, [late]);
    expect(await previewSize(goldC3)).toMatchObject({ size: USERS - 3 });
    expect((await request(t.server).get(`/v1/users/${erased}/tags`).set(recommender())).status).toBe(404);
  });

  it('reports the projector in /health with its lag', async () => {
    const health = await request(t.server).get('/health');
    expect(health.body.checks.projector).toMatchObject({ up: true, details: { lagEvents: 0, caughtUp: true } });
  });
});
