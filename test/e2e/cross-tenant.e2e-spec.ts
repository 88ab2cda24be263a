import { randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { ExposureRecordedData, exposureRecordsIn } from '@tagstream/compliance';
import { EventStore } from '@tagstream/eventstore';
import { writePopulationLabels } from '@tagstream/segments';
import { AS_OF, LabelledApp, OTHER, POPULATION, TENANT, startLabelledApp } from '../support/labelled-app';

const SECRET_NAME = 'Confidential gold list';

/**
 * Another tenant's marketer reaching for every tenant-scoped thing: segments,
 * their versions, snapshots and member pages (with cursors of either side),
 * and `inst:` tags wherever an expression is taken. Each answer must be the
 * one a thing that does not exist gets, so nothing about it leaks: no name,
 * no size, no version, not even that it exists.
 */
describe('cross-tenant attempts', () => {
  let t: LabelledApp;
  let owner: string;
  let intruder: string;
  let segmentId: string;
  let snapshotId: string;
  let ownerCursor: string;
  let intruderSnapshotId: string;
  let intruderCursor: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, POPULATION);
    owner = t.token('marketer', { tenant: TENANT, sub: 'm-owner' });
    intruder = t.token('marketer', { tenant: OTHER, sub: 'm-intruder' });

    const created = await send('post', '/v1/segments', owner, { name: SECRET_NAME, expression: { text: `inst:${TENANT}:holder AND holder:gold` } });
    expect(created.status).toBe(201);
    segmentId = created.body.id;
    const redefined = await send('put', `/v1/segments/${segmentId}`, owner, { expression: { text: `risk:C3 OR inst:${TENANT}:holder` } });
    expect(redefined.body.version).toBe(2);
    const snapshot = await send('post', `/v1/segments/${segmentId}/snapshots`, owner, { asOf: AS_OF });
    expect(snapshot.status).toBe(201);
    snapshotId = snapshot.body.snapshotId;
    ownerCursor = (await send('get', `/v1/snapshots/${snapshotId}/members?limit=2`, owner)).headers['x-next-cursor'];

    const theirs = await send('post', '/v1/segments', intruder, { name: 'theirs', expression: { tag: 'holder:gold' } });
    const theirSnapshot = await send('post', `/v1/segments/${theirs.body.id}/snapshots`, intruder, {});
    expect(theirSnapshot.status).toBe(201);
    intruderSnapshotId = theirSnapshot.body.snapshotId;
    intruderCursor = (await send('get', `/v1/snapshots/${intruderSnapshotId}/members?limit=2`, intruder)).headers['x-next-cursor'];
    expect(ownerCursor).toEqual(expect.any(String));
    expect(intruderCursor).toEqual(expect.any(String));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  function send(method: 'get' | 'post' | 'put' | 'delete', path: string, token: string, body?: object): Promise<Response> {
    const req = request(t.server)[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  }

  /** The answer body with the ids the caller named replaced, so a foreign thing's answer can be compared with a missing one's. */
  function shape(res: Response, ...ids: string[]): string {
    let text = JSON.stringify({ status: res.status, headers: pick(res.headers), body: res.body, text: res.body && Object.keys(res.body).length ? '' : res.text });
    for (const id of ids) text = text.split(id).join('<id>');
    return text;
  }

  function pick(headers: Record<string, string>) {
    return Object.fromEntries(Object.entries(headers).filter(([name]) => /^x-(next-cursor|page-size|snapshot)/.test(name)));
  }

  /** Nothing in the answer names or measures the owner's thing. */
  function expectNothingLeaked(res: Response): void {
    const text = JSON.stringify(res.body) + res.text;
    expect(text).not.toContain(SECRET_NAME);
    expect(text).not.toMatch(/"size"|"version"|"versions"|"leftOut"|"expression"|risk:C3|holder:gold/);
  }

  async function exposureRecordsOf(res: Response): Promise<ExposureRecordedData[]> {
    const requestId = res.headers['x-request-id'];
    const found: ExposureRecordedData[] = [];
    for await (const event of t.app.get(EventStore).readAll()) {
      found.push(...exposureRecordsIn(event).filter((record) => record.requestId === requestId));
    }
    return found;
  }

  describe('segments and their versions', () => {
    const routes: [string, 'get' | 'post' | 'put' | 'delete', (id: string) => string, object?][] = [
      ['read with versions', 'get', (id) => `/v1/segments/${id}`],
      ['redefine at its current version', 'put', (id) => `/v1/segments/${id}`, { expression: { tag: 'risk:C5' }, expectedVersion: 2 }],
      ['redefine at a stale version', 'put', (id) => `/v1/segments/${id}`, { expression: { tag: 'risk:C5' }, expectedVersion: 1 }],
      ['redefine without a version', 'put', (id) => `/v1/segments/${id}`, { expression: { tag: 'risk:C5' } }],
      ['archive', 'delete', (id) => `/v1/segments/${id}`],
      ['size', 'get', (id) => `/v1/segments/${id}/size?asOf=${AS_OF}`],
      ['insights', 'get', (id) => `/v1/segments/${id}/insights?asOf=${AS_OF}`],
      ['snapshot', 'post', (id) => `/v1/segments/${id}/snapshots`, {}],
      ['snapshot with suitability', 'post', (id) => `/v1/segments/${id}/snapshots`, { productRiskLevel: 'R1' }],
    ];

    const cases = routes.map(([name, method, path, body]) => ({ name, method, path, body }));
    it.each(cases)('$name: 404 exactly as for a segment that does not exist', async ({ method, path, body }) => {
      const unknownId = randomUUID();
      const foreign = await send(method, path(segmentId), intruder, body);
      const missing = await send(method, path(unknownId), intruder, body);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe('not_found');
      expect(shape(foreign, segmentId)).toBe(shape(missing, unknownId));
      expectNothingLeaked(foreign);
      expect(await exposureRecordsOf(foreign)).toEqual([]);
    });

    it.each([
      ['as A', (id: string) => ({ a: { segmentId: id }, b: { expression: { tag: 'risk:C3' } } })],
      ['as B', (id: string) => ({ a: { expression: { tag: 'risk:C3' } }, b: { segmentId: id } })],
      ['as both', (id: string) => ({ a: { segmentId: id }, b: { segmentId: id } })],
    ])('overlap with the segment %s: 404 exactly as for a segment that does not exist', async (_name, body) => {
      const unknownId = randomUUID();
      const foreign = await send('post', '/v1/segments/overlap', intruder, body(segmentId));
      const missing = await send('post', '/v1/segments/overlap', intruder, body(unknownId));
      expect(foreign.status).toBe(404);
      expect(shape(foreign, segmentId)).toBe(shape(missing, unknownId));
      expectNothingLeaked(foreign);
    });

    it('is in no list of the other tenant, and the attempts changed nothing', async () => {
      for (const path of ['/v1/segments', '/v1/segments?includeArchived=true']) {
        const list = await send('get', path, intruder);
        expect(list.status).toBe(200);
        expect(list.body.segments.map((s: { id: string }) => s.id)).not.toContain(segmentId);
        expect(JSON.stringify(list.body)).not.toContain(SECRET_NAME);
      }
      const mine = await send('get', `/v1/segments/${segmentId}`, owner);
      expect(mine.body).toMatchObject({ name: SECRET_NAME, version: 2, archived: false });
      expect(mine.body.versions).toHaveLength(2);
    });
  });

  describe('snapshots and member pages', () => {
    it.each([
      ['first page', () => `/v1/snapshots/${snapshotId}/members`],
      ['CSV page', () => `/v1/snapshots/${snapshotId}/members?format=csv&limit=10000`],
      ["with the owner's own cursor", () => `/v1/snapshots/${snapshotId}/members?limit=2&cursor=${ownerCursor}`],
      ["with the intruder's cursor", () => `/v1/snapshots/${snapshotId}/members?limit=2&cursor=${intruderCursor}`],
    ])("another tenant's snapshot, %s: 404 exactly as for a snapshot that does not exist, and nothing audited as exposed", async (_name, path) => {
      const unknownId = randomUUID();
      const foreign = await send('get', path(), intruder);
      const missing = await send('get', path().replace(snapshotId, unknownId), intruder);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe('not_found');
      expect(shape(foreign, snapshotId)).toBe(shape(missing, unknownId));
      expect(foreign.headers['x-next-cursor']).toBeUndefined();
      expectNothingLeaked(foreign);
      expect(await exposureRecordsOf(foreign)).toEqual([]);
    });

    it("refuses a cursor of another tenant's snapshot on one's own, naming the cursor and nothing else", async () => {
      for (const [token, own, foreignCursor] of [
        [owner, snapshotId, intruderCursor],
        [intruder, intruderSnapshotId, ownerCursor],
      ]) {
        const res = await send('get', `/v1/snapshots/${own}/members?limit=2&cursor=${foreignCursor}`, token);
        expect(res.status).toBe(400);
        expect(res.body.error.details.problems).toEqual([expect.objectContaining({ path: 'cursor', rule: 'cursor' })]);
        expect(res.headers['x-next-cursor']).toBeUndefined();
        expect(JSON.stringify(res.body)).not.toMatch(/"id"|snapshotId/);
        expect(await exposureRecordsOf(res)).toEqual([]);
      }
    });
  });

  describe('inst: tags of another tenant', () => {
    const foreignTag = `inst:${TENANT}:holder`;
    const unknownTag = 'inst:nobody_fund:holder';

    /** The 400 for the foreign tag, checked against the unknown tag's 400 with the names swapped. */
    async function expectUnknownTag(path: string, method: 'post' | 'put', body: (tag: string) => object, problemPath: string) {
      const foreign = await send(method, path, intruder, body(foreignTag));
      const unknown = await send(method, path, intruder, body(unknownTag));
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details.problems).toEqual([expect.objectContaining({ path: problemPath, rule: 'unknown_tag' })]);
      const masked = (res: Response, tag: string) => JSON.stringify(res.body.error).split(tag).join('<tag>');
      expect(masked(foreign, foreignTag)).toBe(masked(unknown, unknownTag));
      expect(JSON.stringify(foreign.body)).not.toMatch(/"size"/);
    }

    it('preview, JSON and text form, nested anywhere: unknown tag', async () => {
      await expectUnknownTag('/v1/segments/preview', 'post', (tag) => ({ expression: { tag } }), 'expression.tag');
      await expectUnknownTag('/v1/segments/preview', 'post', (tag) => ({ expression: { and: [{ tag: 'risk:C3' }, { not: { tag } }] } }), 'expression.and[1].not.tag');
      const text = await send('post', '/v1/segments/preview', intruder, { expression: { text: `risk:C3 AND NOT ${foreignTag}` } });
      expect(text.status).toBe(400);
      expect(text.body.error.details.problems[0]).toMatchObject({ rule: 'unknown_tag' });
      const engaged = await send('post', '/v1/segments/preview', intruder, { expression: { text: `inst:${TENANT}:engaged[30d, >=1]` } });
      expect(engaged.status).toBe(400);
      expect(engaged.body.error.details.problems[0]).toMatchObject({ rule: 'unknown_tag' });
    });

    it('segment create and redefine: unknown tag, nothing stored', async () => {
      const before = (await send('get', '/v1/segments', intruder)).body.segments.length;
      await expectUnknownTag('/v1/segments', 'post', (tag) => ({ name: 'probe', expression: { tag } }), 'expression.tag');
      const own = await send('post', '/v1/segments', intruder, { name: 'own', expression: { tag: 'risk:C3' } });
      await expectUnknownTag(`/v1/segments/${own.body.id}`, 'put', (tag) => ({ expression: { or: [{ tag: 'risk:C3' }, { tag }] } }), 'expression.or[1].tag');
      expect((await send('get', '/v1/segments', intruder)).body.segments.length).toBe(before + 1);
      expect((await send('get', `/v1/segments/${own.body.id}`, intruder)).body.version).toBe(1);
    });

    it('overlap, on either side: unknown tag', async () => {
      await expectUnknownTag('/v1/segments/overlap', 'post', (tag) => ({ a: { expression: { tag } }, b: { expression: { tag: 'risk:C3' } } }), 'a.expression.tag');
      await expectUnknownTag('/v1/segments/overlap', 'post', (tag) => ({ a: { expression: { tag: 'risk:C3' } }, b: { expression: { tag } } }), 'b.expression.tag');
    });

    it('appears in neither the tag list nor the insights of the other tenant', async () => {
      const tags = await send('get', '/v1/tags', intruder);
      expect(tags.status).toBe(200);
      expect(JSON.stringify(tags.body)).not.toContain(`inst:${TENANT}:`);
      expect(tags.body.tags.map((x: { name: string }) => x.name)).toContain(`inst:${OTHER}:holder`);
      const own = await send('post', '/v1/segments', intruder, { name: 'C3', expression: { tag: 'risk:C3' } });
      const insights = await send('get', `/v1/segments/${own.body.id}/insights?asOf=${AS_OF}`, intruder);
      expect(insights.status).toBe(200);
      expect(JSON.stringify(insights.body)).not.toContain(`inst:${TENANT}:`);
      expect(insights.body.tags.map((s: { tag: string }) => s.tag)).toContain(`inst:${OTHER}:holder`);
    });
  });
});
