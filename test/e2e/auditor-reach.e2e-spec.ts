import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

/** What a compliance auditor must be able to see: erasures in the audit. */
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
});
