import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

/** What a compliance auditor must be able to see: erasures in the audit, every tenant's segment definitions. */
describe('the auditor sees everything', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const auditor = () => bearer(t.token('auditor', { sub: 'aud-1' }));

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
  }, 60_000);
  afterAll(() => t?.close());

  /** Bounded poll until the audit projection shows at least `n` records for the filter. */
  async function auditRecords(query: Record<string, string>, n: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await request(t.server).get('/v1/audit').query({ ...query, limit: '1000' }).set(auditor());
      expect(response.status).toBe(200);
      if (response.body.records.length >= n || Date.now() > deadline) return response.body.records as Record<string, unknown>[];
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  describe('erasures in /v1/audit', () => {
    it('lists the erasure and its completion, by whom and when, and never the person’s id', async () => {
      const userId = `erased-${randomUUID().slice(0, 8)}`;
      const event = { eventId: randomUUID(), type: 'RiskAssessed', userId, occurredAt: new Date(Date.now() - 60_000).toISOString(), data: { level: 'C3' } };
      expect((await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events: [event] })).status).toBe(202);
      await waitUntilProjected(t.app, [userId]);
      const erased = await request(t.server).delete(`/v1/users/${userId}`).set(bearer(t.token('admin', { sub: 'ops-7' })));
      expect(erased.status).toBe(200);

      const [requested] = await auditRecords({ action: 'user.erasure' }, 1);
      expect(requested).toMatchObject({ action: 'user.erasure', actor: 'ops-7', role: 'admin', tenant: null, idsExposed: 0 });
      const [completed] = await auditRecords({ action: 'user.erasure.completed' }, 1);
      expect(completed).toMatchObject({ action: 'user.erasure.completed', role: 'system', tenant: null });
      expect((completed.numbers as Record<string, number>).events).toBe(1);
      expect(JSON.stringify([requested, completed])).not.toContain(userId);
    }, 60_000);
  });

  describe('the action filter', () => {
    it.each(['/v1/audit', '/v1/compliance/exposure'])('refuses an unknown action on %s with 400 listing the known ones', async (path) => {
      const response = await request(t.server).get(path).query({ action: 'foo' }).set(auditor());
      expect(response.status).toBe(400);
      const [problem] = response.body.error.details.problems;
      expect(problem).toMatchObject({ path: 'action', rule: 'isIn' });
      for (const known of ['segment.size', 'snapshot.members.delivery', 'user.tags.batch', 'compliance.subjects', 'user.erasure']) {
        expect(problem.message).toContain(known);
      }
    });

    it('accepts a known action', async () => {
      expect((await request(t.server).get('/v1/audit').query({ action: 'segment.size' }).set(auditor())).status).toBe(200);
    });
  });

  describe("every tenant's segment definitions", () => {
    it('lists every tenant’s segments, or one tenant’s, and reads any of them with every version', async () => {
      const create = async (tenant: string, text: string) => {
        const response = await request(t.server)
          .post('/v1/segments')
          .set(bearer(t.token('marketer', { tenant })))
          .send({ name: `${tenant} audience`, expression: { text } });
        expect(response.status).toBe(201);
        return response.body.id as string;
      };
      const alpha = await create('alpha_fund', 'risk:C3');
      const beta = await create('beta_fund', 'holder:gold');
      const redefined = await request(t.server)
        .put(`/v1/segments/${beta}`)
        .set(bearer(t.token('marketer', { tenant: 'beta_fund' })))
        .send({ expression: { text: 'holder:gold AND NOT dca:active' } });
      expect(redefined.status).toBe(200);

      const all = await request(t.server).get('/v1/segments').set(auditor());
      expect(all.status).toBe(200);
      const listed = all.body.segments.map((s: { id: string; tenant: string }) => [s.id, s.tenant]);
      expect(listed).toEqual(expect.arrayContaining([[alpha, 'alpha_fund'], [beta, 'beta_fund']]));

      const onlyBeta = await request(t.server).get('/v1/segments').query({ tenant: 'beta_fund' }).set(auditor());
      expect(onlyBeta.body.segments.map((s: { id: string }) => s.id)).toEqual([beta]);

      const read = await request(t.server).get(`/v1/segments/${beta}`).set(auditor());
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: beta, tenant: 'beta_fund', version: 2, text: 'holder:gold AND NOT dca:active' });
      expect(read.body.versions.map((v: { version: number; text: string }) => [v.version, v.text])).toEqual([
        [1, 'holder:gold'],
        [2, 'holder:gold AND NOT dca:active'],
      ]);
    });

    it('still keeps each marketer to their own tenant, and the auditor to reading', async () => {
      const mine = await request(t.server).get('/v1/segments').query({ tenant: 'beta_fund' }).set(bearer(t.token('marketer', { tenant: 'alpha_fund' })));
      expect(mine.status).toBe(400);
      expect(mine.body.error.details.problems[0]).toMatchObject({ path: 'tenant' });
      const own = await request(t.server).get('/v1/segments').set(bearer(t.token('marketer', { tenant: 'alpha_fund' })));
      expect(own.body.segments.every((s: { tenant: string }) => s.tenant === 'alpha_fund')).toBe(true);
      const write = await request(t.server).post('/v1/segments').set(auditor()).send({ name: 'x', expression: { tag: 'risk:C3' } });
      expect(write.status).toBe(403);
      const id = own.body.segments[0].id as string;
      expect((await request(t.server).get(`/v1/segments/${id}/size`).set(auditor())).status).toBe(403);
    });
  });
});
