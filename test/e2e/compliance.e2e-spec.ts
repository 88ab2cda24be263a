import { Controller, Get, Query } from '@nestjs/common';
import request from 'supertest';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { DisclosureService } from '@tagstream/compliance';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Answers the way every exposing route does: floors its number, audits, then
 * answers. Mounted only here, so the audit contract is checked over HTTP
 * whichever exposing routes exist.
 */
@Controller('v1/compliance-probe')
class ExposingProbeController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Get()
  @Roles('marketer')
  async size(@Query('n') n: string, @CurrentPrincipal() principal: Principal) {
    const size = this.disclosure.count(Number(n));
    await this.disclosure.audit({ principal, action: 'segment.preview', expressionHash: 'probe', numbers: { size: size.value } });
    return { size: size.value, belowFloor: size.belowFloor };
  }
}

const FLOOR = 3;

describe('compliance over HTTP', () => {
  let es: TestEventStore;
  let t: TestApp;
  let disclosure: DisclosureService;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const auditor = () => bearer(t.token('auditor'));

  beforeAll(async () => {
    es = await startTestEventStore();
    t = await createTestApp({
      env: { EVENTSTORE_CONNECTION_STRING: es.connectionString, MIN_AUDIENCE_SIZE: String(FLOOR) },
      controllers: [ExposingProbeController],
    });
    disclosure = t.app.get(DisclosureService);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await es?.stop();
  });

  /** Bounded poll until the audit projection shows `n` records for the filter. */
  async function auditRecords(query: Record<string, string>, n: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await request(t.server).get('/v1/audit').query({ ...query, limit: '1000' }).set(auditor());
      expect(response.status).toBe(200);
      if (response.body.records.length >= n || Date.now() > deadline) return response.body.records as Record<string, unknown>[];
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('floors at MIN_AUDIENCE_SIZE: strictly under is hidden, exactly the floor is shown, and both are audited', async () => {
    const token = bearer(t.token('marketer', { tenant: 'fund_floor', sub: 'm-floor' }));
    const under = await request(t.server).get('/v1/compliance-probe').query({ n: FLOOR - 1 }).set(token);
    const at = await request(t.server).get('/v1/compliance-probe').query({ n: FLOOR }).set(token);
    expect(under.body).toEqual({ size: null, belowFloor: true });
    expect(at.body).toEqual({ size: FLOOR, belowFloor: false });

    const records = await auditRecords({ tenant: 'fund_floor' }, 2);
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.numbers)).toEqual([{ size: FLOOR }, { size: null }]);
    expect(records[0]).toMatchObject({ actor: 'm-floor', role: 'marketer', tenant: 'fund_floor', action: 'segment.preview', expressionHash: 'probe' });
    expect(records.map((r) => r.requestId)).toEqual([at.headers['x-request-id'], under.headers['x-request-id']]);
  });

  it('filters by tenant, actor, action and time, and pages with a cursor without gaps or repeats', async () => {
    const principal = { sub: 'm-page', role: 'marketer', tenant: 'fund_page' };
    for (let i = 0; i < 5; i++) await disclosure.audit({ principal, action: i % 2 ? 'segment.size' : 'segment.insights', segmentId: `s${i}` });
    await disclosure.audit({ principal: { sub: 'rec', role: 'recommender' }, action: 'user.tags', numbers: { users: 1 } });
    expect(await auditRecords({ tenant: 'fund_page' }, 5)).toHaveLength(5);
    expect(await auditRecords({ actor: 'rec' }, 1)).toEqual([expect.objectContaining({ tenant: null, role: 'recommender', action: 'user.tags' })]);

    const sizes = await request(t.server).get('/v1/audit').query({ tenant: 'fund_page', action: 'segment.size' }).set(auditor());
    expect(sizes.body.records.map((r: { segmentId: string }) => r.segmentId).sort()).toEqual(['s1', 's3']);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(t.server).get('/v1/audit').query({ tenant: 'fund_page', limit: '2', ...(cursor ? { cursor } : {}) }).set(auditor());
      expect(page.status).toBe(200);
      expect(page.body.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.records.map((r: { recordId: string }) => r.recordId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const future = await request(t.server).get('/v1/audit').query({ tenant: 'fund_page', from: '2999-01-01T00:00:00Z' }).set(auditor());
    expect(future.body.records).toEqual([]);
    const past = await request(t.server).get('/v1/audit').query({ tenant: 'fund_page', to: '2000-01-01T00:00:00Z' }).set(auditor());
    expect(past.body.records).toEqual([]);
  });

  it('answers 400 naming the field for a bad filter or cursor', async () => {
    for (const [query, path] of [
      [{ limit: '0' }, 'limit'],
      [{ from: 'yesterday' }, 'from'],
      [{ tenant: 'Not A Tenant' }, 'tenant'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
      [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
    ] as const) {
      const response = await request(t.server).get('/v1/audit').query(query).set(auditor());
      expect(response.status).toBe(400);
      expect(response.body.error.details.problems.map((p: { path: string }) => p.path)).toContain(path);
    }
  });

  it('reports exposure per tenant, action and day', async () => {
    const principal = { sub: 'm-exp', role: 'marketer', tenant: 'fund_exp' };
    await disclosure.audit({ principal, action: 'snapshot.members', snapshotId: 'snap', subjects: [1, 2, 3] });
    await disclosure.audit({ principal, action: 'snapshot.members', snapshotId: 'snap', subjects: [4, 5] });
    await disclosure.audit({ principal, action: 'segment.size', numbers: { size: 10 } });
    await auditRecords({ tenant: 'fund_exp' }, 3);
    const response = await request(t.server).get('/v1/compliance/exposure').query({ tenant: 'fund_exp' }).set(auditor());
    const today = new Date().toISOString().slice(0, 10);
    expect(response.body.days).toEqual([
      { tenant: 'fund_exp', action: 'segment.size', day: today, records: 1, idsExposed: 0 },
      { tenant: 'fund_exp', action: 'snapshot.members', day: today, records: 2, idsExposed: 5 },
    ]);
  });

  it('lists every tag with the fields it reads, and no tag reads amount, currency or region', async () => {
    const response = await request(t.server).get('/v1/compliance/lineage').set(auditor());
    expect(response.status).toBe(200);
    expect(response.body.forbiddenFields).toEqual(['amount', 'currency', 'region']);
    expect(response.body.passed).toBe(true);
    const tags = response.body.tags as { tag: string; reads: { fields: string[] }[]; forbiddenFieldsRead: string[] }[];
    expect(tags.map((x) => x.tag)).toEqual(expect.arrayContaining(['risk:<level>', 'holder:<category>', 'active', 'consent']));
    for (const tag of tags) {
      expect(tag.forbiddenFieldsRead).toEqual([]);
      expect(tag.reads.flatMap((r) => r.fields)).not.toEqual(expect.arrayContaining(['amount']));
    }
  });

  it('answers 404 for a person the projection’s user id mapping does not know, for per-subject exposure and erasure', async () => {
    const subject = await request(t.server).get('/v1/compliance/subjects/u-1').set(auditor());
    const erase = await request(t.server).delete('/v1/users/u-1').set(bearer(t.token('admin')));
    for (const response of [subject, erase]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const bad = await request(t.server).delete('/v1/users/not%20an%20id').set(bearer(t.token('admin')));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems[0].path).toBe('userId');
  });

  it('fails the request when the audit record cannot be written: nothing leaves unaudited', async () => {
    const token = bearer(t.token('marketer', { tenant: 'fund_down' }));
    expect((await request(t.server).get('/v1/compliance-probe').query({ n: 50 }).set(token)).status).toBe(200);
    await es.stop();
    const response = await request(t.server).get('/v1/compliance-probe').query({ n: 50 }).set(token);
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('unavailable');
    expect(JSON.stringify(response.body)).not.toContain('"size":50');
  });
});
