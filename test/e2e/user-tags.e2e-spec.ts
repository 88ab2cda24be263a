import request from 'supertest';
import { ServingIndex, writePopulationLabels } from '@tagstream/segments';
import { waitUntil } from '../support/wait-until';
import { AS_OF, LabelledApp, OTHER, POPULATION, TENANT, startLabelledApp } from '../support/labelled-app';

describe('user tags and the tag list over HTTP', () => {
  let t: LabelledApp;
  let recommender: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, {
      ...POPULATION,
      users: POPULATION.users.map((u) =>
        u.userId === 1 ? { ...u, dailyCounts: { active: { '2026-11-20': 1, '2026-11-01': 2, '2026-09-01': 4, '2026-01-01': 9 }, 'viewed:gold': { '2026-11-10': 3 } } } : u,
      ),
    });
    recommender = t.token('recommender');
    // Answers report the position the recommender's serving index has reached; let it reach the labels just written.
    const index = t.app.get(ServingIndex);
    await waitUntil(() => index.position() === '10/10', 'the serving index at the written labels', 20_000);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, token: string) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object) => request(t.server).post(path).set('Authorization', `Bearer ${token}`).send(body);

  describe('GET /v1/users/{userId}/tags', () => {
    it('gives state tags and 7/30/90-day counts ending with the day of asOf', async () => {
      const res = await get(`/v1/users/u-1/tags?asOf=${AS_OF}`, recommender);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        userId: 'u-1',
        personalized: true,
        state: ['holder:gold', `inst:${TENANT}:holder`, 'risk:C3'],
        activity: [
          { tag: 'active', last7d: 1, last30d: 3, last90d: 7 },
          { tag: 'viewed:gold', last7d: 0, last30d: 3, last90d: 3 },
        ],
      });
      expect(res.body.freshness).toMatchObject({ position: '10/10' });
      const later = await get('/v1/users/u-1/tags?asOf=2027-01-15', recommender);
      expect(later.body.activity).toEqual([{ tag: 'active', last7d: 0, last30d: 0, last90d: 3 }, { tag: 'viewed:gold', last7d: 0, last30d: 0, last90d: 3 }]);
    });

    it('says personalized: false with no tags for a user who opted out', async () => {
      const res = await get('/v1/users/u-11/tags', recommender);
      expect(res.body).toMatchObject({ userId: 'u-11', personalized: false, state: [], activity: [] });
    });

    it('answers concurrent lookups (which share reads) exactly as each one alone, for every asOf day', async () => {
      const asked = ['u-1', 'u-9', 'u-11', 'u-999', 'u-2', 'u-1'].flatMap((userId) => [AS_OF, '2027-01-15'].map((asOf) => ({ userId, asOf })));
      const path = ({ userId, asOf }: { userId: string; asOf: string }) => `/v1/users/${userId}/tags?asOf=${asOf}`;
      const answer = (res: request.Response) => ({ status: res.status, body: res.status === 200 ? { ...res.body, freshness: undefined } : res.body.error.code });
      const alone = [];
      for (const one of asked) alone.push(answer(await get(path(one), recommender)));
      const together = (await Promise.all(asked.map((one) => get(path(one), recommender)))).map(answer);
      expect(together).toEqual(alone);
      expect(alone.filter((a) => a.status === 200).length).toBe(10);
    });

    it('answers 404 for an unknown user, 400 for a malformed id, 403 for a marketer', async () => {
      expect((await get('/v1/users/u-999/tags', recommender)).status).toBe(404);
      expect((await get('/v1/users/not*valid/tags', recommender)).status).toBe(400);
      expect((await get('/v1/users/u-1/tags', t.token('marketer'))).status).toBe(403);
    });
  });

  it('counts the serving index in /metrics: users held, hits and misses, whether it answers', async () => {
    await get(`/v1/users/u-3/tags?asOf=${AS_OF}`, recommender);
    await get(`/v1/users/u-3/tags?asOf=${AS_OF}`, recommender);
    const metrics = await request(t.server).get('/metrics');
    expect(metrics.text).toMatch(/^tagstream_user_tags_index_current 1$/m);
    expect(metrics.text).toMatch(/^tagstream_user_tags_index_users [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tagstream_user_tags_index_lookups_total\{result="hit"\} [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tagstream_user_tags_index_lookups_total\{result="miss"\} [1-9]\d*$/m);
  });

  describe('POST /v1/users/tags/batch', () => {
    it('answers every user in order, unknown ones as known: false', async () => {
      const res = await post('/v1/users/tags/batch', recommender, { userIds: ['u-9', 'u-11', 'nobody'], asOf: AS_OF });
      expect(res.status).toBe(200);
      expect(res.body.users).toEqual([
        { userId: 'u-9', known: true, personalized: true, state: ['dca:active', 'risk:C5'], activity: [{ tag: 'active', last7d: 2, last30d: 2, last90d: 2 }] },
        { userId: 'u-11', known: true, personalized: false, state: [], activity: [] },
        { userId: 'nobody', known: false, personalized: true, state: [], activity: [] },
      ]);
      expect(res.body.freshness.position).toBe('10/10');
    });

    it('takes at most 100 ids', async () => {
      const res = await post('/v1/users/tags/batch', recommender, { userIds: Array.from({ length: 101 }, (_, i) => `u-${i}`) });
      expect(res.status).toBe(400);
      expect(res.body.error.details.problems[0].path).toBe('userIds');
      expect((await post('/v1/users/tags/batch', recommender, { userIds: [] })).status).toBe(400);
    });
  });

  describe('GET /v1/tags', () => {
    it("lists the tags a marketer may see, with floored counts, never another tenant's", async () => {
      const res = await get(`/v1/tags?asOf=${AS_OF}`, t.token('marketer'));
      expect(res.status).toBe(200);
      const tag = (name: string) => res.body.tags.find((x: { name: string }) => x.name === name);
      expect(tag('risk:C3')).toMatchObject({ kind: 'state', concrete: true, count: 8, belowFloor: false });
      expect(tag('risk:C3').description).toEqual(expect.any(String));
      expect(tag('risk:C3').lineage).toEqual([expect.objectContaining({ eventType: 'RiskAssessed', fields: ['level'] })]);
      expect(tag('risk:C5')).toMatchObject({ count: null, belowFloor: true });
      expect(tag(`inst:${TENANT}:holder`)).toMatchObject({ count: 4 });
      expect(tag('active')).toMatchObject({ kind: 'activity', count: 11 });
      expect(res.body.tags.some((x: { name: string }) => x.name.includes(OTHER) || x.name.includes('<institutionId>'))).toBe(false);
      expect(res.body.freshness.position).toBe('10/10');
    });

    it('shows the platform roles every family, institution tags as patterns', async () => {
      const res = await get('/v1/tags', recommender);
      const pattern = res.body.tags.find((x: { name: string }) => x.name === 'inst:<institutionId>:holder');
      expect(pattern).toMatchObject({ concrete: false, count: null });
      expect((await get('/v1/tags', t.token('ingest'))).status).toBe(403);
    });
  });
});
