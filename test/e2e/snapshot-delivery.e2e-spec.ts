import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ServiceUnavailableError } from '@tagstream/common';
import { DisclosureService, ErasureRegistry } from '@tagstream/compliance';
import { EventStoreSurrogateRegistry } from '@tagstream/projection';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const FLOOR = 3;
const TENANT = 'demo_fund';
const PAGE = 4;

/**
 * The admin's delivery of a snapshot as platform user ids, over HTTP on the
 * real single-process app: users arrive through POST /v1/events and get their
 * surrogates from the projector, so the reverse lookup reads the real mapping
 * streams.
 */
describe('GET /v1/snapshots/{id}/delivery (admin, platform ids, audited per page)', () => {
  let t: TestApp;
  const run = Date.now().toString(36);
  // Three projector batches of members (so several surrogate allocations), and people outside the segment.
  const batches = [0, 1, 2].map((b) => Array.from({ length: 5 }, (_, i) => `dlv-${run}-${b}-${i}`));
  const members = batches.flat();
  const outsiders = Array.from({ length: 4 }, (_, i) => `dlv-${run}-out-${i}`);
  const [erased, erasing] = [members[3], members[8]];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => bearer(t.token('admin', { sub: 'ops-admin' }));
  const marketer = () => bearer(t.token('marketer', { tenant: TENANT }));
  const auditor = () => bearer(t.token('auditor'));
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
  let snapshotId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { MIN_AUDIENCE_SIZE: String(FLOOR), LOG_LEVEL: 'warn' } });
    for (const batch of batches) await ingest(batch, 'C3');
    await ingest(outsiders, 'C1');
    snapshotId = await takeSnapshot();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  function history(userId: string, level: string) {
    const fund = { fundCode: '518880', category: 'gold', institutionId: TENANT };
    return [
      { type: 'RiskAssessed', data: { level }, occurredAt: minutesAgo(30) },
      { type: 'FundSubscribed', data: { ...fund, amount: '1000.00', currency: 'CNY' }, occurredAt: minutesAgo(10) },
    ].map((event) => ({ eventId: randomUUID(), userId, ...event }));
  }

  /** Posts the users' events and waits (bounded poll) until the projection shows them. */
  async function ingest(userIds: string[], level: string): Promise<void> {
    const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events: userIds.flatMap((id) => history(id, level)) });
    expect(response.status).toBe(202);
    await waitUntilProjected(t.app, userIds);
  }

  async function takeSnapshot(): Promise<string> {
    const expression = { and: [{ tag: 'risk:C3' }, { tag: 'holder:gold' }, { tag: `inst:${TENANT}:holder` }] };
    const segment = await request(t.server).post('/v1/segments').set(marketer()).send({ name: 'delivery', expression });
    expect(segment.status).toBe(201);
    const snapshot = await request(t.server).post(`/v1/segments/${segment.body.id}/snapshots`).set(marketer()).send({});
    expect(snapshot.status).toBe(201);
    expect(snapshot.body.size).toBe(members.length);
    return snapshot.body.snapshotId;
  }

  const deliver = (query: Record<string, string>, headers = admin()) =>
    request(t.server).get(`/v1/snapshots/${snapshotId}/delivery`).query(query).set(headers);

  /** Every page, following X-Next-Cursor. */
  async function deliverAll(): Promise<{ pages: string[][]; requestIds: string[] }> {
    const pages: string[][] = [];
    const requestIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deliver({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/application\/x-ndjson/);
      expect(page.headers['x-snapshot-tenant']).toBe(TENANT);
      const ids = page.text === '' ? [] : page.text.trim().split('\n').map((line) => JSON.parse(line).userId as string);
      expect(Number(page.headers['x-page-size'])).toBe(ids.length);
      pages.push(ids);
      requestIds.push(page.headers['x-request-id']);
      cursor = page.headers['x-next-cursor'];
    } while (cursor);
    return { pages, requestIds };
  }

  /** Bounded poll until the audit projection shows the delivery records of these requests; returns them in that order. */
  async function deliveryRecords(requestIds: string[]) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await request(t.server).get('/v1/audit').query({ action: 'snapshot.members.delivery', limit: '1000' }).set(auditor());
      expect(response.status).toBe(200);
      const records = response.body.records as Record<string, unknown>[];
      const mine = requestIds.map((id) => records.filter((r) => r.requestId === id));
      if (mine.every((found) => found.length > 0) || Date.now() > deadline) return { all: records, mine };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('refuses every role but admin, and answers 404 for an unknown snapshot', async () => {
    for (const role of ['marketer', 'recommender', 'auditor', 'ingest'] as const) {
      const response = await deliver({}, bearer(t.token(role)));
      expect(response.status).toBe(403);
      expect(response.text).not.toContain(run);
    }
    const unknown = await request(t.server).get(`/v1/snapshots/${randomUUID()}/delivery`).set(admin());
    expect(unknown.status).toBe(404);
    const badCursor = await deliver({ cursor: 'abc' });
    expect(badCursor.status).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const docs = await request(t.server).get('/docs-json');
    const route = docs.body.paths['/v1/snapshots/{id}/delivery'];
    expect(route?.get?.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'cursor', 'limit', 'format']));
  });

  it('delivers exactly the platform ids of the members, page by page without gaps or repeats, one audit record per page', async () => {
    const { pages, requestIds } = await deliverAll();
    expect(pages).toHaveLength(Math.ceil(members.length / PAGE));
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(PAGE);
    const delivered = pages.flat();
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort()).toEqual([...members].sort());

    const { all, mine } = await deliveryRecords(requestIds);
    expect(all).toHaveLength(pages.length);
    mine.forEach((records, i) => {
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        actor: 'ops-admin',
        role: 'admin',
        tenant: TENANT,
        action: 'snapshot.members.delivery',
        snapshotId,
        definitionVersion: 1,
        idsExposed: pages[i].length,
        numbers: { notDelivered: 0 },
      });
    });

    // The per-subject view names the tenant and the snapshot the person was delivered through.
    const subject = await request(t.server).get(`/v1/compliance/subjects/${members[0]}`).set(auditor());
    expect(subject.status).toBe(200);
    expect(subject.body.tenants).toContain(TENANT);
    expect(subject.body.exposures).toContainEqual(
      expect.objectContaining({ action: 'snapshot.members.delivery', snapshotId, definitionVersion: 1, tenant: TENANT, actor: 'ops-admin' }),
    );
    const outsider = await request(t.server).get(`/v1/compliance/subjects/${outsiders[0]}`).set(auditor());
    expect(outsider.body.exposures).toEqual([]);
  });

  it('fails without sending any id when the audit record cannot be written', async () => {
    const audit = jest
      .spyOn(t.app.get(DisclosureService), 'audit')
      .mockRejectedValueOnce(new ServiceUnavailableError('the audit record could not be written; nothing was released'));
    try {
      const response = await deliver({ limit: '10000' });
      expect(response.status).toBe(503);
      for (const userId of members) expect(response.text).not.toContain(userId);
      expect(audit).toHaveBeenCalledTimes(1);
    } finally {
      audit.mockRestore();
    }
  });

  it('serves CSV with a userId column', async () => {
    const csv = await deliver({ limit: '10000' }).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('userId');
    expect(lines.slice(1).sort()).toEqual([...members].sort());
    expect(csv.headers['x-next-cursor']).toBeUndefined();
  });

  it('leaves out an erased person, and one whose erasure is recorded but not yet carried out', async () => {
    const erasure = await request(t.server).delete(`/v1/users/${erased}`).set(admin());
    expect(erasure.status).toBe(200);
    // An erasure cut short after its first step: recorded, but the labels and the mapping are still there.
    const surrogate = await t.app.get(EventStoreSurrogateRegistry).surrogateOf(erasing);
    expect(surrogate).toBeDefined();
    const registry = t.app.get(ErasureRegistry);
    await registry.recordErased({ userIdHash: registry.hashOf(erasing), surrogate: surrogate!, at: new Date().toISOString(), by: 'ops-admin' });

    const { pages, requestIds } = await deliverAll();
    const delivered = pages.flat();
    expect([...delivered].sort()).toEqual(members.filter((id) => id !== erased && id !== erasing).sort());

    const { mine } = await deliveryRecords(requestIds);
    expect(mine.map((records) => records.length)).toEqual(requestIds.map(() => 1));
    expect(mine.map(([record]) => record.idsExposed)).toEqual(pages.map((p) => p.length));
    // The half-erased person was still a member of the snapshot: counted as not delivered, never exposed.
    const notDelivered = mine.map(([record]) => (record.numbers as { notDelivered: number }).notDelivered);
    expect(notDelivered.reduce((sum, n) => sum + n, 0)).toBe(1);
  });
});
