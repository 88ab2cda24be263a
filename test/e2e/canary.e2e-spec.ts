import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ClickHouse } from '@tagstream/clickhouse';
import { tablesHolding } from '@tagstream/testing';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

const USERS = 10;
const TENANT = 'canary_fund';

/**
 * The whole service, every table: events whose user ids, regions and amounts
 * are unique canary values go in over HTTP; then every route that writes to
 * ClickHouse runs (projection, segments, snapshots, member pages, the admin's
 * delivery, the recommender, the auditor's lookups, an erasure, the audit
 * projection); then every column of every table is searched for the canaries.
 */
describe('canaries through the whole service: no platform user id, region or amount reaches ClickHouse', () => {
  let t: TestApp;
  let ch: ClickHouse;
  const tag = randomBytes(4).toString('hex');
  const userIds = Array.from({ length: USERS }, (_, i) => `cnry${tag}u${i}`);
  const needles = new Set<string>(userIds);
  let amountSerial = 0;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const as = (role: string, claims: object = {}) => bearer(t.token(role as never, claims as never));
  const marketer = () => as('marketer', { tenant: TENANT });
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  /** A unique amount, and both ways it could leak: as written and as integer cents. */
  function amount(): string {
    const cents = 7_300_000_000 + ++amountSerial * 7;
    const written = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    needles.add(written);
    needles.add(String(cents));
    return written;
  }

  function region(kind: string, i: number): string {
    const value = `Canaryland${tag}${kind}${i}`;
    needles.add(value);
    return value;
  }

  function history(userId: string, i: number) {
    const fund = { fundCode: '518880', category: 'gold', institutionId: TENANT };
    return [
      { type: 'UserRegistered', data: { channel: 'app', region: region('r', i) }, occurredAt: minutesAgo(50) },
      { type: 'SessionStarted', data: { device: 'ios', region: region('s', i) }, occurredAt: minutesAgo(45) },
      { type: 'RiskAssessed', data: { level: 'C4' }, occurredAt: minutesAgo(40) },
      { type: 'FundViewed', data: { ...fund, dwellSeconds: 12 }, occurredAt: minutesAgo(30) },
      { type: 'FundSubscribed', data: { ...fund, amount: amount(), currency: 'CNY' }, occurredAt: minutesAgo(20) },
      { type: 'FundRedeemed', data: { ...fund, amount: amount(), full: false }, occurredAt: minutesAgo(15) },
      {
        type: 'AutoInvestStarted',
        data: { planId: `plan-${i}`, fundCode: '000002', category: 'index', institutionId: TENANT, amount: amount(), frequency: 'monthly' },
        occurredAt: minutesAgo(10),
      },
    ].map((event) => ({ eventId: randomUUID(), userId, ...event }));
  }

  beforeAll(async () => {
    t = await createTestApp({ env: { MIN_AUDIENCE_SIZE: '3', LOG_LEVEL: 'warn' } });
    ch = t.app.get(ClickHouse);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function ok(pending: request.Test, status = 200): Promise<request.Response> {
    const response = await pending;
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response;
  }

  it('the scan finds a canary wherever one is stored', async () => {
    // A NULL beside it must not hide it (audit_records has Nullable columns).
    await ch.command('CREATE TABLE canary_probe (id UInt32, gap Nullable(UInt32), payload String) ENGINE = MergeTree ORDER BY id');
    await ch.insert('canary_probe', [{ id: 1, gap: null, payload: `{"userId":"${userIds[3]}"}` }]);
    expect(await tablesHolding(ch, [...needles])).toEqual(['canary_probe']);
    await ch.command('DROP TABLE canary_probe');
  });

  it('after every route that writes to ClickHouse has run, no column of any table holds one', async () => {
    const events = userIds.flatMap(history);
    await ok(request(t.server).post('/v1/events').set(as('ingest')).send({ events }), 202);
    await waitUntilProjected(t.app, userIds, 60_000);

    const expression = { and: [{ tag: 'risk:C4' }, { tag: 'holder:gold' }] };
    await ok(request(t.server).post('/v1/segments/preview').set(marketer()).send({ expression }));
    const segment = (await ok(request(t.server).post('/v1/segments').set(marketer()).send({ name: 'canary gold', expression }), 201)).body as { id: string };
    const other = (await ok(request(t.server).post('/v1/segments').set(marketer()).send({ name: 'canary index', expression: { tag: 'dca:active' } }), 201)).body as {
      id: string;
    };
    expect((await ok(request(t.server).get(`/v1/segments/${segment.id}/size`).set(marketer()))).body.size).toBe(USERS);
    await ok(request(t.server).get(`/v1/segments/${segment.id}/insights`).set(marketer()));
    await ok(request(t.server).post('/v1/segments/overlap').set(marketer()).send({ a: { segmentId: segment.id }, b: { segmentId: other.id } }));
    await ok(request(t.server).get('/v1/tags').set(marketer()));
    const snapshot = (await ok(request(t.server).post(`/v1/segments/${segment.id}/snapshots`).set(marketer()).send({ productRiskLevel: 'R3' }), 201)).body as {
      snapshotId: string;
      size: number;
    };
    expect(snapshot.size).toBe(USERS);
    const members = await ok(request(t.server).get(`/v1/snapshots/${snapshot.snapshotId}/members?format=csv`).set(marketer()));
    expect(members.text.trim().split('\n')).toHaveLength(USERS + 1);
    const delivery = await ok(request(t.server).get(`/v1/snapshots/${snapshot.snapshotId}/delivery?format=csv`).set(as('admin')));
    expect(delivery.text.trim().split('\n').slice(1).sort()).toEqual([...userIds].sort());

    await ok(request(t.server).get(`/v1/users/${userIds[0]}/tags`).set(as('recommender')));
    await ok(request(t.server).post('/v1/users/tags/batch').set(as('recommender')).send({ userIds: userIds.slice(0, 4) }));
    await ok(request(t.server).delete(`/v1/users/${userIds[2]}`).set(as('admin')));
    await ok(request(t.server).get(`/v1/compliance/subjects/${userIds[1]}`).set(as('auditor')));

    // The audit projection follows $all in the background: once it holds the last record, it holds every earlier one.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const audit = await ok(request(t.server).get('/v1/audit?action=compliance.subjects').set(as('auditor')));
      if ((audit.body.records as unknown[]).length > 0) break;
      if (Date.now() > deadline) throw new Error(`the audit projection did not catch up: ${JSON.stringify(audit.body)}`);
      await new Promise((wake) => setTimeout(wake, 100));
    }
    const [subjects] = await ch.query<{ n: string }>('SELECT count() AS n FROM audit_subjects');
    expect(Number(subjects.n)).toBeGreaterThanOrEqual(USERS);

    expect(needles.size).toBe(USERS * 3 + USERS * 3 * 2);
    expect(await tablesHolding(ch, [...needles])).toEqual([]);
  });
});
