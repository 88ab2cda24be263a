import request, { Response } from 'supertest';
import { AuditRecordView, DisclosureService, EXPOSURE_RECORDED, ExposureRecordedData } from '@tagstream/compliance';
import { EventStore } from '@tagstream/eventstore';
import { canonicalExpressionHash, writePopulationLabels } from '@tagstream/segments';
import { AS_OF, LabelledApp, POPULATION, TENANT, startLabelledApp } from '../support/labelled-app';

const FLOOR = 3;
const MARKETER = 'm-audit';
const RECOMMENDER = 'rec-audit';

/**
 * Every route that exposes labels appends exactly one exposure record per
 * request, carrying the numbers as they left (null under the floor), how many
 * ids left, what was asked about and the request id. Counted in the event
 * store (the source of truth, written before the answer) and read back as an
 * auditor through the projection.
 */
describe('exposure audit: one record per exposing request, with the right numbers', () => {
  let t: LabelledApp;
  let marketer: string;
  let recommender: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, POPULATION);
    marketer = t.token('marketer', { sub: MARKETER });
    recommender = t.token('recommender', { sub: RECOMMENDER });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: object, token = marketer) => request(t.server).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = marketer) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);

  async function createSegment(text: string) {
    const res = await post('/v1/segments', { name: text, expression: { text } });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; expressionHash: string };
  }

  /** Audit events the request appended, from the event store itself. */
  async function storedRecords(requestId: string): Promise<ExposureRecordedData[]> {
    const found: ExposureRecordedData[] = [];
    for await (const event of t.app.get(EventStore).readAll()) {
      if (event.type === EXPOSURE_RECORDED && (event.data as ExposureRecordedData).requestId === requestId) found.push(event.data as ExposureRecordedData);
    }
    return found;
  }

  /** Bounded poll until the auditor sees the request's record in `GET /v1/audit`. */
  async function projectedRecords(actor: string, requestId: string): Promise<AuditRecordView[]> {
    const auditor = t.token('auditor');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await get(`/v1/audit?actor=${actor}&limit=1000`, auditor);
      expect(res.status).toBe(200);
      const mine = (res.body.records as AuditRecordView[]).filter((r) => r.requestId === requestId);
      if (mine.length > 0 || Date.now() > deadline) return mine;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * The one record of the request behind `res`: exactly one in the store,
   * exactly one seen by the auditor, the same record in both.
   */
  async function theRecordOf(res: Response, actor = MARKETER): Promise<{ view: AuditRecordView; stored: ExposureRecordedData }> {
    const requestId = res.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    const stored = await storedRecords(requestId);
    expect(stored).toHaveLength(1);
    const projected = await projectedRecords(actor, requestId);
    expect(projected).toHaveLength(1);
    expect(projected[0]).toMatchObject({
      recordId: stored[0].recordId,
      action: stored[0].action,
      numbers: stored[0].numbers,
      idsExposed: stored[0].idsExposed,
      requestId,
    });
    return { view: projected[0], stored: stored[0] };
  }

  const asMarketer = { actor: MARKETER, role: 'marketer', tenant: TENANT };

  it('GET /v1/tags: one tags.list record holding every concrete count as returned', async () => {
    const res = await get(`/v1/tags?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    const { view } = await theRecordOf(res);
    const returned = Object.fromEntries(
      (res.body.tags as { name: string; concrete: boolean; count: number | null }[]).filter((tag) => tag.concrete).map((tag) => [tag.name, tag.count]),
    );
    expect(view).toMatchObject({ ...asMarketer, action: 'tags.list', segmentId: null, expressionHash: null, snapshotId: null, idsExposed: 0 });
    expect(view.numbers).toEqual(returned);
    expect(view.numbers).toMatchObject({ 'risk:C3': 8, 'holder:gold': 6, 'dca:active': null, 'risk:C1': null });

    const platform = await get('/v1/tags', recommender);
    expect(platform.status).toBe(200);
    expect((await theRecordOf(platform, RECOMMENDER)).view).toMatchObject({ actor: RECOMMENDER, role: 'recommender', tenant: null, action: 'tags.list' });
  });

  it('POST /v1/segments/preview: one segment.preview record with the expression hash and the size, null under the floor', async () => {
    const expression = { and: [{ tag: 'risk:C3' }, { tag: 'holder:gold' }] };
    const res = await post('/v1/segments/preview', { expression: { text: 'risk:C3 AND holder:gold' }, asOf: AS_OF });
    expect(res.body.size).toBe(6);
    expect((await theRecordOf(res)).view).toMatchObject({
      ...asMarketer,
      action: 'segment.preview',
      expressionHash: canonicalExpressionHash(expression),
      segmentId: null,
      definitionVersion: null,
      numbers: { size: 6 },
      idsExposed: 0,
    });

    const under = await post('/v1/segments/preview', { expression: { text: 'risk:C3 AND NOT holder:gold' }, asOf: AS_OF });
    expect(under.body).toMatchObject({ size: null, belowFloor: true });
    const { view } = await theRecordOf(under);
    expect(view).toMatchObject({ action: 'segment.preview', numbers: { size: null } });
    expect(view.expressionHash).toBe(canonicalExpressionHash({ and: [{ tag: 'risk:C3' }, { not: { tag: 'holder:gold' } }] }));
  });

  it('GET /v1/segments/{id}/size: one segment.size record with the segment, its current version and hash, and the size', async () => {
    const segment = await createSegment('risk:C3');
    const redefined = await request(t.server)
      .put(`/v1/segments/${segment.id}`)
      .set('Authorization', `Bearer ${marketer}`)
      .send({ expression: { text: 'risk:C3 AND holder:gold' } });
    expect(redefined.body.version).toBe(2);
    const res = await get(`/v1/segments/${segment.id}/size?asOf=${AS_OF}`);
    expect(res.body).toMatchObject({ definitionVersion: 2, size: 6 });
    expect((await theRecordOf(res)).view).toMatchObject({
      ...asMarketer,
      action: 'segment.size',
      segmentId: segment.id,
      definitionVersion: 2,
      expressionHash: redefined.body.expressionHash,
      numbers: { size: 6 },
      idsExposed: 0,
    });
    expect(redefined.body.expressionHash).not.toBe(segment.expressionHash);
  });

  it('GET /v1/segments/{id}/insights: one segment.insights record with the size and every share as returned', async () => {
    const segment = await createSegment('risk:C3');
    const res = await get(`/v1/segments/${segment.id}/insights?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    const { view } = await theRecordOf(res);
    expect(view).toMatchObject({ ...asMarketer, action: 'segment.insights', segmentId: segment.id, definitionVersion: 1, expressionHash: segment.expressionHash, idsExposed: 0 });
    const shares = Object.fromEntries((res.body.tags as { tag: string; share: number | null }[]).map((s) => [`share:${s.tag}`, s.share]));
    expect(view.numbers).toEqual({ size: 8, ...shares });
    expect(view.numbers).toMatchObject({ 'share:holder:gold': 6 / 8, 'share:dca:active': null });
  });

  it('POST /v1/segments/overlap: one segment.overlap record with the three cells and the hash of A AND B', async () => {
    const a = await createSegment('holder:gold');
    const b = { text: 'viewed:gold[30d, >=3] OR dca:active' };
    const res = await post('/v1/segments/overlap', { a: { segmentId: a.id }, b: { expression: b }, asOf: AS_OF });
    expect(res.status).toBe(200);
    const both = { and: [{ tag: 'holder:gold' }, { or: [{ tag: 'viewed:gold', within: '30d', minCount: 3 }, { tag: 'dca:active' }] }] };
    expect((await theRecordOf(res)).view).toMatchObject({
      ...asMarketer,
      action: 'segment.overlap',
      segmentId: a.id,
      definitionVersion: 1,
      expressionHash: canonicalExpressionHash(both),
      numbers: { a: 6, b: 6, both: 4 },
      idsExposed: 0,
    });

    const under = await post('/v1/segments/overlap', { a: { expression: { tag: 'risk:C5' } }, b: { expression: { tag: 'dca:active' } } });
    expect((await theRecordOf(under)).view).toMatchObject({ action: 'segment.overlap', segmentId: null, numbers: { a: null, b: null, both: null } });
  });

  it('snapshot create and each members page: one record each, the page’s ids counted and named as subjects', async () => {
    const segment = await createSegment('holder:gold');
    const created = await post(`/v1/segments/${segment.id}/snapshots`, { productRiskLevel: 'R3', asOf: AS_OF });
    expect(created.status).toBe(201);
    const snapshotId = created.body.snapshotId;
    expect((await theRecordOf(created)).view).toMatchObject({
      ...asMarketer,
      action: 'segment.snapshot',
      segmentId: segment.id,
      definitionVersion: 1,
      expressionHash: segment.expressionHash,
      snapshotId,
      numbers: { size: 6, leftOut: 0 },
      idsExposed: 0,
    });

    const disclosure = t.app.get(DisclosureService);
    const first = await get(`/v1/snapshots/${snapshotId}/members?limit=4&format=csv`);
    const second = await get(`/v1/snapshots/${snapshotId}/members?limit=4&format=csv&cursor=${first.headers['x-next-cursor']}`);
    for (const [page, n] of [[first, 4], [second, 2]] as const) {
      expect(page.status).toBe(200);
      const ids = page.text.trim().split('\n').slice(1);
      expect(ids).toHaveLength(n);
      const { view, stored } = await theRecordOf(page);
      expect(view).toMatchObject({ ...asMarketer, action: 'snapshot.members', snapshotId, segmentId: segment.id, definitionVersion: 1, idsExposed: n });
      expect(stored.subjects.map((s) => disclosure.pseudonymize(TENANT, s, snapshotId))).toEqual(ids);
    }
  });

  it('GET /v1/users/{id}/tags and the batch: one record each, counting only the personalised users whose tags left', async () => {
    const one = await get(`/v1/users/u-1/tags?asOf=${AS_OF}`, recommender);
    expect(one.status).toBe(200);
    const single = await theRecordOf(one, RECOMMENDER);
    expect(single.view).toMatchObject({ actor: RECOMMENDER, role: 'recommender', tenant: null, action: 'user.tags', idsExposed: 1 });
    expect(single.stored.subjects).toEqual([1]);

    const optedOut = await get(`/v1/users/u-11/tags?asOf=${AS_OF}`, recommender);
    expect(optedOut.body).toMatchObject({ personalized: false, state: [] });
    const none = await theRecordOf(optedOut, RECOMMENDER);
    expect(none.view).toMatchObject({ action: 'user.tags', idsExposed: 0 });
    expect(none.stored.subjects).toEqual([]);

    const batch = await post('/v1/users/tags/batch', { userIds: ['u-1', 'u-2', 'u-11', 'u-999', 'u-2'], asOf: AS_OF }, recommender);
    expect(batch.status).toBe(200);
    const record = await theRecordOf(batch, RECOMMENDER);
    expect(record.view).toMatchObject({ actor: RECOMMENDER, role: 'recommender', tenant: null, action: 'user.tags.batch', idsExposed: 2 });
    expect([...record.stored.subjects].sort()).toEqual([1, 2]);
  });

  it('never records a number under the floor for any of the requests above', async () => {
    const res = await get(`/v1/audit?tenant=${TENANT}&limit=1000`, t.token('auditor'));
    expect(res.body.records.length).toBeGreaterThan(0);
    for (const record of res.body.records as AuditRecordView[]) {
      for (const [key, value] of Object.entries(record.numbers)) {
        if (value === null || key.startsWith('share:') || key === 'leftOut') continue;
        expect([record.action, key, value >= FLOOR]).toEqual([record.action, key, true]);
      }
    }
  });
});
