import request from 'supertest';
import { writePopulationLabels } from '@tagstream/segments';
import { AS_OF, KINDS, LabelledApp, OTHER, POPULATION, TENANT, startLabelledApp, user } from '../support/labelled-app';

describe('segments over HTTP', () => {
  let t: LabelledApp;
  let marketer: string;
  let other: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, POPULATION);
    marketer = t.token('marketer');
    other = t.token('marketer', { tenant: OTHER });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, token: string, body: object) => request(t.server).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);
  const put = (path: string, token: string, body: object) => request(t.server).put(path).set('Authorization', `Bearer ${token}`).send(body);
  const del = (path: string, token: string) => request(t.server).delete(path).set('Authorization', `Bearer ${token}`);

  async function createSegment(expression: object, token = marketer, name = 'segment'): Promise<{ id: string }> {
    const res = await post('/v1/segments', token, { name, expression });
    expect(res.status).toBe(201);
    return res.body;
  }

  describe('POST /v1/segments/preview', () => {
    it('sizes the JSON form and the text form alike, with freshness', async () => {
      const json = await post('/v1/segments/preview', marketer, { expression: { and: [{ tag: 'risk:C3' }, { tag: 'holder:gold' }] }, asOf: AS_OF });
      const text = await post('/v1/segments/preview', marketer, { expression: { text: 'risk:C3 AND holder:gold' }, asOf: AS_OF });
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({ size: 6, belowFloor: false, asOf: '2026-11-20T12:00:00.000Z' });
      expect(json.body.freshness).toMatchObject({ position: '10/10', lagEvents: 0 });
      expect(text.body.size).toBe(6);
    });

    it('applies activity windows at asOf, and consent to every leaf', async () => {
      const views = await post('/v1/segments/preview', marketer, { expression: { text: 'viewed:gold[30d, >=3]' }, asOf: AS_OF });
      expect(views.body.size).toBe(4);
      const early = await post('/v1/segments/preview', marketer, { expression: { text: 'viewed:gold[30d, >=3]' }, asOf: '2026-11-05' });
      expect(early.body).toMatchObject({ size: null, belowFloor: true });
      const everyone = await post('/v1/segments/preview', marketer, { expression: { text: 'risk:C3' }, asOf: AS_OF });
      expect(everyone.body.size).toBe(8); // user 11 opted out
    });

    it('hides a size under the floor', async () => {
      const res = await post('/v1/segments/preview', marketer, { expression: { text: 'risk:C3 AND NOT holder:gold' } });
      expect(res.body).toMatchObject({ size: null, belowFloor: true });
    });

    it("answers another tenant's inst: tag exactly like an unknown tag", async () => {
      const foreign = await post('/v1/segments/preview', marketer, { expression: { tag: `inst:${OTHER}:holder` } });
      const unknown = await post('/v1/segments/preview', marketer, { expression: { tag: 'inst:nobody:holder' } });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details.problems).toEqual([expect.objectContaining({ path: 'expression.tag', rule: 'unknown_tag' })]);
      expect(foreign.body.error.details.problems[0].message.replace(OTHER, 'X')).toBe(unknown.body.error.details.problems[0].message.replace('nobody', 'X'));
      const own = await post('/v1/segments/preview', marketer, { expression: { tag: `inst:${TENANT}:holder` } });
      expect(own.body.size).toBe(4);
    });

    it('names a syntax error and its offset, and refuses bad asOf', async () => {
      const res = await post('/v1/segments/preview', marketer, { expression: { text: 'risk:C3 AND (holder:gold' } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.problems[0]).toMatchObject({ path: 'expression.text', rule: 'syntax', offset: 24 });
      const asOf = await post('/v1/segments/preview', marketer, { expression: { tag: 'risk:C3' }, asOf: 'yesterday' });
      expect(asOf.body.error.details.problems[0]).toMatchObject({ path: 'asOf', rule: 'as_of_format' });
    });

    it('is for marketers only', async () => {
      expect((await post('/v1/segments/preview', t.token('recommender'), { expression: { tag: 'risk:C3' } })).status).toBe(403);
      expect((await request(t.server).post('/v1/segments/preview').send({ expression: { tag: 'risk:C3' } })).status).toBe(401);
    });
  });

  describe('segment definitions', () => {
    it('creates, lists, reads with versions, redefines and archives, within the tenant', async () => {
      const created = await createSegment({ text: 'risk:C3' }, marketer, 'C3');
      expect(created).toMatchObject({ name: 'C3', version: 1, expression: { tag: 'risk:C3' }, archived: false });

      const listed = await get('/v1/segments', marketer);
      expect(listed.body.segments.map((s: { id: string }) => s.id)).toContain(created.id);
      expect((await get('/v1/segments', other)).body.segments.map((s: { id: string }) => s.id)).not.toContain(created.id);

      const redefined = await put(`/v1/segments/${created.id}`, marketer, { expression: { text: 'risk:C3 AND holder:gold' }, expectedVersion: 1 });
      expect(redefined.status).toBe(200);
      expect(redefined.body).toMatchObject({ version: 2, name: 'C3', text: 'risk:C3 AND holder:gold' });

      const read = await get(`/v1/segments/${created.id}`, marketer);
      expect(read.body.versions.map((v: { version: number; text: string }) => [v.version, v.text])).toEqual([
        [1, 'risk:C3'],
        [2, 'risk:C3 AND holder:gold'],
      ]);

      const stale = await put(`/v1/segments/${created.id}`, marketer, { expression: { tag: 'risk:C5' }, expectedVersion: 1 });
      expect(stale.status).toBe(409);

      expect((await del(`/v1/segments/${created.id}`, marketer)).body).toMatchObject({ archived: true });
      expect((await get('/v1/segments', marketer)).body.segments.map((s: { id: string }) => s.id)).not.toContain(created.id);
      const all = await get('/v1/segments?includeArchived=true', marketer);
      expect(all.body.segments.find((s: { id: string }) => s.id === created.id)).toMatchObject({ archived: true, version: 2 });
      expect((await get(`/v1/segments/${created.id}`, marketer)).body.versions).toHaveLength(2);
      expect((await put(`/v1/segments/${created.id}`, marketer, { expression: { tag: 'risk:C5' } })).status).toBe(409);
    });

    it("gives another tenant's segment a 404 on every route", async () => {
      const { id } = await createSegment({ tag: 'risk:C3' });
      expect((await get(`/v1/segments/${id}`, other)).status).toBe(404);
      expect((await put(`/v1/segments/${id}`, other, { expression: { tag: 'risk:C5' } })).status).toBe(404);
      expect((await del(`/v1/segments/${id}`, other)).status).toBe(404);
      expect((await get(`/v1/segments/${id}/size`, other)).status).toBe(404);
      expect((await get(`/v1/segments/${id}/insights`, other)).status).toBe(404);
      expect((await post(`/v1/segments/${id}/snapshots`, other, {})).status).toBe(404);
      expect((await post('/v1/segments/overlap', other, { a: { segmentId: id }, b: { expression: { tag: 'risk:C3' } } })).status).toBe(404);
      expect((await get('/v1/segments/not-a-uuid', marketer)).status).toBe(404);
    });

    it('lets exactly one of concurrent redefinitions of the same version win', async () => {
      const { id } = await createSegment({ tag: 'risk:C3' });
      const results = await Promise.all(
        ['risk:C5', 'risk:C1', 'holder:gold', 'dca:active'].map((tag) => put(`/v1/segments/${id}`, marketer, { expression: { tag } })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const wins = statuses.filter((s) => s === 200).length;
      expect(wins).toBeGreaterThanOrEqual(1);
      const read = await get(`/v1/segments/${id}`, marketer);
      expect(read.body.versions.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: 1 + wins }, (_, i) => i + 1));
      for (const conflict of results.filter((r) => r.status === 409)) expect(conflict.body.error.code).toBe('conflict');
    });

    it('validates the body', async () => {
      const res = await post('/v1/segments', marketer, { name: '', expression: { tag: 'nope' }, extra: 1 });
      expect(res.status).toBe(400);
      const paths = res.body.error.details.problems.map((p: { path: string }) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'extra']));
    });
  });

  describe('size, insights and overlap', () => {
    it('sizes a stored segment at asOf, with its version', async () => {
      const { id } = await createSegment({ text: 'risk:C3 AND viewed:gold[30d, >=3]' });
      const res = await get(`/v1/segments/${id}/size?asOf=${AS_OF}`, marketer);
      expect(res.body).toMatchObject({ segmentId: id, definitionVersion: 1, size: 4, belowFloor: false });
      expect(res.body.freshness.position).toBe('10/10');
    });

    it('gives the share of each state tag the tenant may see', async () => {
      const { id } = await createSegment({ tag: 'risk:C3' });
      const res = await get(`/v1/segments/${id}/insights`, marketer);
      expect(res.status).toBe(200);
      const share = (tag: string) => res.body.tags.find((s: { tag: string }) => s.tag === tag);
      expect(share('holder:gold')).toEqual({ tag: 'holder:gold', share: 6 / 8, belowFloor: false });
      expect(share(`inst:${TENANT}:holder`)).toEqual({ tag: `inst:${TENANT}:holder`, share: 4 / 8, belowFloor: false });
      expect(share('dca:active')).toEqual({ tag: 'dca:active', share: null, belowFloor: true });
      expect(share(`inst:${OTHER}:holder`)).toBeUndefined();
    });

    it('sizes A, B and A AND B', async () => {
      const { id } = await createSegment({ tag: 'holder:gold' });
      const res = await post('/v1/segments/overlap', marketer, { a: { segmentId: id }, b: { expression: { text: 'viewed:gold[30d, >=3] OR dca:active' } }, asOf: AS_OF });
      expect(res.body).toMatchObject({ a: { size: 6 }, b: { size: 6 }, both: { size: 4 } });
      const bad = await post('/v1/segments/overlap', marketer, { a: {}, b: { expression: { tag: 'nope' } } });
      expect(bad.status).toBe(400);
    });
  });

  describe('snapshots', () => {
    it('freezes members with the suitability rule, pages them, and keeps them while new labels arrive', async () => {
      const { id } = await createSegment({ text: 'risk:C3 OR risk:C5 OR risk:C1' });
      const created = await post(`/v1/segments/${id}/snapshots`, marketer, { productRiskLevel: 'R3', asOf: AS_OF });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ segmentId: id, definitionVersion: 1, size: 10, leftOut: 1, productRiskLevel: 'R3', position: '10/10' });
      const snapshotId = created.body.snapshotId;

      const first = await get(`/v1/snapshots/${snapshotId}/members?limit=4`, marketer);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/application\/x-ndjson/);
      const page1 = first.text.trim().split('\n').map((line) => JSON.parse(line).id as string);
      expect(page1).toHaveLength(4);
      const second = await get(`/v1/snapshots/${snapshotId}/members?limit=4&cursor=${first.headers['x-next-cursor']}`, marketer);
      const third = await get(`/v1/snapshots/${snapshotId}/members?limit=4&cursor=${second.headers['x-next-cursor']}`, marketer);
      expect(third.headers['x-next-cursor']).toBeUndefined();
      const all = [...page1, ...[second, third].flatMap((r) => r.text.trim().split('\n').map((line) => JSON.parse(line).id as string))];
      expect(new Set(all).size).toBe(10);

      const csv = await get(`/v1/snapshots/${snapshotId}/members?limit=10000`, marketer).set('Accept', 'text/csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const csvIds = csv.text.trim().split('\n');
      expect(csvIds[0]).toBe('id');
      expect(csvIds.slice(1)).toEqual(all);

      // New users with risk:C3 reach the labels: the segment grows (11 → 14), the snapshot does not.
      expect((await get(`/v1/segments/${id}/size`, marketer)).body.size).toBe(11);
      await writePopulationLabels(t.ch, { tagKinds: KINDS, users: [13, 14, 15].map((n) => user(n, ['risk:C3'])) }, 20);
      expect((await get(`/v1/segments/${id}/size`, marketer)).body.size).toBe(14);
      const after = await get(`/v1/snapshots/${snapshotId}/members?format=csv&limit=10000`, marketer);
      expect(after.text.trim().split('\n').slice(1)).toEqual(all);
    });

    it("lists a segment's snapshots newest first, leaves refused ones out, and hides them from other tenants", async () => {
      const { id } = await createSegment({ text: 'risk:C3 OR risk:C5 OR risk:C1' });
      expect((await get(`/v1/segments/${id}/snapshots`, marketer)).body).toEqual({ snapshots: [] });
      const first = await post(`/v1/segments/${id}/snapshots`, marketer, { asOf: AS_OF });
      const refused = await post(`/v1/segments/${id}/snapshots`, marketer, { productRiskLevel: 'R5' });
      const second = await post(`/v1/segments/${id}/snapshots`, marketer, { productRiskLevel: 'R3', asOf: AS_OF });
      expect([first.status, refused.status, second.status]).toEqual([201, 422, 201]);

      const listed = await get(`/v1/segments/${id}/snapshots`, marketer);
      expect(listed.status).toBe(200);
      expect(listed.body.snapshots).toEqual([
        { snapshotId: second.body.snapshotId, definitionVersion: 1, size: second.body.size, leftOut: second.body.leftOut, productRiskLevel: 'R3', asOf: second.body.asOf, createdAt: second.body.createdAt, createdBy: 'e2e-marketer' },
        { snapshotId: first.body.snapshotId, definitionVersion: 1, size: first.body.size, leftOut: 0, productRiskLevel: null, asOf: first.body.asOf, createdAt: first.body.createdAt, createdBy: 'e2e-marketer' },
      ]);
      expect((await get(`/v1/segments/${id}/snapshots`, other)).status).toBe(404);
      expect((await get('/v1/segments/not-a-uuid/snapshots', marketer)).status).toBe(404);
    });

    it('refuses a snapshot of an archived segment with 409, as it refuses redefining one', async () => {
      const { id } = await createSegment({ tag: 'holder:gold' });
      expect((await del(`/v1/segments/${id}`, marketer)).status).toBe(200);
      const refused = await post(`/v1/segments/${id}/snapshots`, marketer, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({ code: 'conflict', message: `segment ${id} is archived`, details: { segmentId: id } });
      expect((await put(`/v1/segments/${id}`, marketer, { expression: { tag: 'holder:gold' } })).body.error).toEqual(refused.body.error);
    });

    it('gives each tenant unrelated pseudonyms and hides snapshots across tenants', async () => {
      const mine = await createSegment({ tag: 'holder:gold' });
      const theirs = await createSegment({ tag: 'holder:gold' }, other);
      const a = await post(`/v1/segments/${mine.id}/snapshots`, marketer, {});
      const b = await post(`/v1/segments/${theirs.id}/snapshots`, other, {});
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect((await get(`/v1/snapshots/${b.body.snapshotId}/members`, marketer)).status).toBe(404);
      const idsA = (await get(`/v1/snapshots/${a.body.snapshotId}/members?format=csv`, marketer)).text.trim().split('\n').slice(1);
      const idsB = (await get(`/v1/snapshots/${b.body.snapshotId}/members?format=csv`, other)).text.trim().split('\n').slice(1);
      expect(idsA).toHaveLength(6);
      expect(idsB).toHaveLength(6);
      expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    });

    it('refuses a snapshot under the floor, a bad risk level, a bad limit and a foreign cursor', async () => {
      const { id } = await createSegment({ tag: 'risk:C3' });
      const refused = await post(`/v1/segments/${id}/snapshots`, marketer, { productRiskLevel: 'R4' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('below_floor');
      expect((await post(`/v1/segments/${id}/snapshots`, marketer, { productRiskLevel: 'R9' })).status).toBe(400);
      const ok = await post(`/v1/segments/${id}/snapshots`, marketer, {});
      const tooMany = await get(`/v1/snapshots/${ok.body.snapshotId}/members?limit=10001`, marketer);
      expect(tooMany.status).toBe(400);
      const badCursor = await get(`/v1/snapshots/${ok.body.snapshotId}/members?cursor=abc`, marketer);
      expect(badCursor.body.error.details.problems[0]).toMatchObject({ path: 'cursor' });
    });
  });
});
