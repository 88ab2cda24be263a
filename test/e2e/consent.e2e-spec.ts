import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DisclosureService } from '@tagstream/compliance';
import { USER_SURROGATES, UserSurrogateLookup } from '@tagstream/segments';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const FLOOR = 3;
const TENANT = 'demo_fund';

/**
 * Consent through the real path: `MarketingConsentChanged` posted to
 * `/v1/events`, folded by the projector running in the app, then every
 * audience surface and the recommender read back. Five users assessed C3;
 * the first four hold a gold fund of the tenant. The first one withdraws
 * consent, then gives it again.
 */
describe('consent off and on, through the projector (PIPL Art. 24)', () => {
  let t: TestApp;
  let segmentId: string;
  /** Frozen while everyone consents, before any withdrawal. */
  let earlySnapshotId: string;
  const run = Date.now().toString(36);
  const userIds = Array.from({ length: 5 }, (_, i) => `consent-${run}-${i}`);
  const [subject, ...others] = userIds;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const marketer = () => bearer(t.token('marketer', { tenant: TENANT }));
  const recommender = () => bearer(t.token('recommender'));
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  beforeAll(async () => {
    // One person's change moves several nested answers of a handful of users by one: exactly what the
    // difference check withholds (privacy-difference.e2e-spec.ts). Here each surface is checked on its own.
    t = await createTestApp({ env: { MIN_AUDIENCE_SIZE: String(FLOOR), LOG_LEVEL: 'warn', DIFFERENCE_CHECK: 'off' } });
    const fund = { fundCode: '518880', category: 'gold', institutionId: TENANT };
    const events = userIds.flatMap((userId, i) =>
      [
        { type: 'UserRegistered', data: { channel: 'app', region: 'r' }, occurredAt: minutesAgo(50) },
        { type: 'RiskAssessed', data: { level: 'C3' }, occurredAt: minutesAgo(40) },
        ...(i < 4 ? [{ type: 'FundSubscribed', data: { ...fund, amount: '100.00', currency: 'CNY' }, occurredAt: minutesAgo(30) }] : []),
      ].map((event) => ({ eventId: randomUUID(), userId, ...event })),
    );
    await postEvents(events);
    await waitUntilProjected(t.app, userIds);
    const created = await request(t.server).post('/v1/segments').set(marketer()).send({ name: 'C3', expression: { tag: 'risk:C3' } });
    expect(created.status).toBe(201);
    segmentId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function postEvents(events: object[]) {
    const response = await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events });
    expect(response.status).toBe(202);
  }

  async function setConsent(personalized: boolean) {
    await postEvents([{ eventId: randomUUID(), userId: subject, type: 'MarketingConsentChanged', data: { personalized }, occurredAt: minutesAgo(0) }]);
    await waitUntilProjected(t.app, [subject]);
  }

  /** The snapshot `audience()` froze last. */
  let lastSnapshotId = '';

  /** The pseudonyms the tenant must see for `ids` in a snapshot (the last one `audience()` froze unless named), from the projection's own id mapping. */
  async function pseudonymsOf(ids: string[], snapshotId = lastSnapshotId): Promise<string[]> {
    const surrogates = await t.app.get<UserSurrogateLookup>(USER_SURROGATES).surrogatesOf(ids);
    expect(surrogates.size).toBe(ids.length);
    const disclosure = t.app.get(DisclosureService);
    return ids.map((id) => disclosure.pseudonymize(TENANT, surrogates.get(id)!, snapshotId)).sort();
  }

  /** Every audience surface the issue names, read once. */
  async function audience() {
    const size = await request(t.server).get(`/v1/segments/${segmentId}/size`).set(marketer());
    const preview = await request(t.server).post('/v1/segments/preview').set(marketer()).send({ expression: { text: 'risk:C3 AND holder:gold' } });
    const negated = await request(t.server).post('/v1/segments/preview').set(marketer()).send({ expression: { text: 'NOT holder:bond' } });
    const insights = await request(t.server).get(`/v1/segments/${segmentId}/insights`).set(marketer());
    const tags = await request(t.server).get('/v1/tags').set(marketer());
    const snapshot = await request(t.server).post(`/v1/segments/${segmentId}/snapshots`).set(marketer()).send({ productRiskLevel: 'R3' });
    for (const res of [size, preview, negated, insights, tags]) expect(res.status).toBe(200);
    expect(snapshot.status).toBe(201);
    lastSnapshotId = snapshot.body.snapshotId;
    const members = await request(t.server).get(`/v1/snapshots/${snapshot.body.snapshotId}/members?format=csv&limit=10000`).set(marketer());
    expect(members.status).toBe(200);
    const share = (tag: string) => insights.body.tags.find((s: { tag: string }) => s.tag === tag)?.share;
    const count = (name: string) => tags.body.tags.find((x: { name: string }) => x.name === name)?.count;
    return {
      size: size.body.size,
      preview: preview.body.size,
      negated: negated.body.size,
      insightSize: insights.body.size,
      goldShare: share('holder:gold'),
      instShare: share(`inst:${TENANT}:holder`),
      goldCount: count('holder:gold'),
      riskCount: count('risk:C3'),
      snapshot: { size: snapshot.body.size, leftOut: snapshot.body.leftOut },
      members: members.text.trim().split('\n').slice(1).sort(),
    };
  }

  async function recommenderView() {
    const one = await request(t.server).get(`/v1/users/${subject}/tags`).set(recommender());
    const batch = await request(t.server).post('/v1/users/tags/batch').set(recommender()).send({ userIds: [subject, others[0]] });
    expect(one.status).toBe(200);
    expect(batch.status).toBe(200);
    return { one: one.body, batch: batch.body.users as { userId: string; personalized: boolean; state: string[]; activity: unknown[] }[] };
  }

  async function earlyMembers(): Promise<string[]> {
    const res = await request(t.server).get(`/v1/snapshots/${earlySnapshotId}/members?format=csv&limit=10000`).set(marketer());
    expect(res.status).toBe(200);
    return res.text.trim().split('\n').slice(1).sort();
  }

  /** What every surface shows while all five users consent. */
  async function everyoneCounted() {
    return {
      size: 5,
      preview: 4,
      negated: 5,
      insightSize: 5,
      goldShare: 4 / 5,
      instShare: 4 / 5,
      goldCount: 4,
      riskCount: 5,
      snapshot: { size: 5, leftOut: 0 },
      members: await pseudonymsOf(userIds),
    };
  }

  it('counts everyone while consent stands', async () => {
    const early = await request(t.server).post(`/v1/segments/${segmentId}/snapshots`).set(marketer()).send({});
    expect(early.body).toMatchObject({ size: 5, leftOut: 0 });
    earlySnapshotId = early.body.snapshotId;
    expect(await earlyMembers()).toEqual(await pseudonymsOf(userIds, earlySnapshotId));
    expect(await audience()).toEqual(await everyoneCounted());
    const { one } = await recommenderView();
    expect(one).toMatchObject({ userId: subject, personalized: true });
    expect(one.state).toEqual(expect.arrayContaining(['risk:C3', 'holder:gold', `inst:${TENANT}:holder`]));
  });

  it('takes a user whose last MarketingConsentChanged is personalized:false out of every size, insight, count and snapshot', async () => {
    await setConsent(false);
    expect(await audience()).toEqual({
      size: 4,
      preview: 3,
      negated: 4,
      insightSize: 4,
      goldShare: 3 / 4,
      instShare: 3 / 4,
      goldCount: 3,
      riskCount: 4,
      // Out of the universe, not left out by suitability.
      snapshot: { size: 4, leftOut: 0 },
      members: await pseudonymsOf(others),
    });
  });

  it('serves no member page with that user, even of a snapshot frozen before the withdrawal', async () => {
    expect(await earlyMembers()).toEqual(await pseudonymsOf(others, earlySnapshotId));
    // Paging skips the user without a gap or a repeat for anyone else.
    const paged: string[] = [];
    let cursor = '';
    do {
      const page = await request(t.server).get(`/v1/snapshots/${earlySnapshotId}/members?format=csv&limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(marketer());
      expect(page.status).toBe(200);
      paged.push(...page.text.trim().split('\n').slice(1));
      cursor = page.headers['x-next-cursor'] ?? '';
    } while (cursor);
    expect(paged.sort()).toEqual(await pseudonymsOf(others, earlySnapshotId));
  });

  it('gives the recommender personalized:false and no tags for that user, and only for that user', async () => {
    const { one, batch } = await recommenderView();
    expect(one).toMatchObject({ userId: subject, personalized: false, state: [], activity: [] });
    expect(batch.find((u) => u.userId === subject)).toMatchObject({ personalized: false, state: [], activity: [] });
    const other = batch.find((u) => u.userId === others[0])!;
    expect(other.personalized).toBe(true);
    expect(other.state).toEqual(expect.arrayContaining(['risk:C3', 'holder:gold']));
  });

  it('restores the user everywhere when consent is given again', async () => {
    await setConsent(true);
    expect(await audience()).toEqual(await everyoneCounted());
    expect(await earlyMembers()).toEqual(await pseudonymsOf(userIds, earlySnapshotId));
    const { one } = await recommenderView();
    expect(one).toMatchObject({ userId: subject, personalized: true });
    expect(one.state).toEqual(expect.arrayContaining(['risk:C3', 'holder:gold', `inst:${TENANT}:holder`]));
    expect(one.activity.map((a: { tag: string }) => a.tag)).toEqual(expect.arrayContaining(['active', 'registered']));
  });
});
