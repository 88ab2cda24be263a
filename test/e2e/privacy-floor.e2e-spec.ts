import request from 'supertest';
import { Population, writePopulationLabels } from '@tagstream/segments';
import { AS_OF, LabelledApp, TENANT, startLabelledApp, user } from '../support/labelled-app';

const FLOOR = 3; // MIN_AUDIENCE_SIZE of the labelled app

/**
 * Shapes around the floor of 3. Consented users 1–10:
 *   holder:gold 1–5, holder:bond 4–8 (gold ∧ bond = 2), risk:C3 1–8,
 *   follows:gold 1–3 (exactly the floor), risk:C5 and dca:active 9–10 (2),
 *   inst:demo_fund:holder 1–2, viewed:gold 1–2 in the 30 days before AS_OF.
 * User 11 opted out and holds everything the others have too few of: were
 * consent ignored, gold ∧ bond, dca:active and viewed:gold would reach 3 and
 * be shown.
 */
const viewedGold = { active: { '2026-11-18': 2 }, 'viewed:gold': { '2026-11-15': 1 } };
const FLOOR_POPULATION: Population = {
  tagKinds: {
    'risk:C3': 'state',
    'risk:C5': 'state',
    'holder:gold': 'state',
    'holder:bond': 'state',
    'follows:gold': 'state',
    'dca:active': 'state',
    [`inst:${TENANT}:holder`]: 'state',
    active: 'activity',
    'viewed:gold': 'activity',
  },
  users: [
    user(1, ['risk:C3', 'holder:gold', 'follows:gold', `inst:${TENANT}:holder`], { dailyCounts: viewedGold }),
    user(2, ['risk:C3', 'holder:gold', 'follows:gold', `inst:${TENANT}:holder`], { dailyCounts: viewedGold }),
    user(3, ['risk:C3', 'holder:gold', 'follows:gold']),
    user(4, ['risk:C3', 'holder:gold', 'holder:bond']),
    user(5, ['risk:C3', 'holder:gold', 'holder:bond']),
    ...[6, 7, 8].map((id) => user(id, ['risk:C3', 'holder:bond'])),
    ...[9, 10].map((id) => user(id, ['risk:C5', 'dca:active'])),
    user(11, ['risk:C5', 'holder:gold', 'holder:bond', 'follows:gold', 'dca:active', `inst:${TENANT}:holder`], {
      personalized: false,
      dailyCounts: viewedGold,
    }),
  ],
};

const hidden = { size: null, belowFloor: true };
const shown = (size: number) => ({ size, belowFloor: false });

describe('the privacy floor on every surface', () => {
  let t: LabelledApp;
  let marketer: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, FLOOR_POPULATION);
    marketer = t.token('marketer', { sub: 'm-floor' });
    expect(t.config.MIN_AUDIENCE_SIZE).toBe(FLOOR);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: object) => request(t.server).post(path).set('Authorization', `Bearer ${marketer}`).send(body);
  const get = (path: string, token = marketer) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);

  async function segment(text: string): Promise<string> {
    const res = await post('/v1/segments', { name: text, expression: { text } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function preview(text: string) {
    const res = await post('/v1/segments/preview', { expression: { text }, asOf: AS_OF });
    expect(res.status).toBe(200);
    return { size: res.body.size, belowFloor: res.body.belowFloor };
  }

  it('floors each current tag count of GET /v1/tags, state and activity alike', async () => {
    const res = await get(`/v1/tags?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    const count = (name: string) => {
      const tag = res.body.tags.find((x: { name: string }) => x.name === name);
      expect(tag).toBeDefined();
      return { count: tag.count, belowFloor: tag.belowFloor };
    };
    expect(count('holder:gold')).toEqual({ count: 5, belowFloor: false });
    expect(count('risk:C3')).toEqual({ count: 8, belowFloor: false });
    expect(count('follows:gold')).toEqual({ count: FLOOR, belowFloor: false });
    expect(count('active')).toEqual({ count: 10, belowFloor: false });
    for (const under of ['dca:active', 'risk:C5', `inst:${TENANT}:holder`, 'viewed:gold', 'holder:equity', 'risk:C1']) {
      expect([under, count(under)]).toEqual([under, { count: null, belowFloor: true }]);
    }
    // No concrete tag anywhere in the list carries a number under the floor.
    for (const tag of res.body.tags as { name: string; concrete: boolean; count: number | null; belowFloor: boolean }[]) {
      if (!tag.concrete) continue;
      expect([tag.name, tag.belowFloor]).toEqual([tag.name, tag.count === null]);
      if (tag.count !== null) expect(tag.count).toBeGreaterThanOrEqual(FLOOR);
    }
  });

  it('floors the preview: under is hidden, exactly the floor and above are shown', async () => {
    expect(await preview('holder:gold')).toEqual(shown(5));
    expect(await preview('follows:gold')).toEqual(shown(FLOOR));
    expect(await preview('holder:gold AND holder:bond')).toEqual(hidden);
    expect(await preview('dca:active')).toEqual(hidden);
    expect(await preview('viewed:gold[30d, >=1]')).toEqual(hidden);
    expect(await preview('holder:equity')).toEqual(hidden);
  });

  it('floors a stored segment’s size', async () => {
    const under = await get(`/v1/segments/${await segment('holder:gold AND holder:bond')}/size?asOf=${AS_OF}`);
    expect(under.status).toBe(200);
    expect(under.body).toMatchObject({ definitionVersion: 1, ...hidden });
    const atFloor = await get(`/v1/segments/${await segment('follows:gold')}/size?asOf=${AS_OF}`);
    expect(atFloor.body).toMatchObject(shown(FLOOR));
  });

  it('floors each insight share by the members it counts: a share of fewer than the floor has no number', async () => {
    const res = await get(`/v1/segments/${await segment('risk:C3')}/insights?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(shown(8));
    const share = (tag: string) => res.body.tags.find((s: { tag: string }) => s.tag === tag);
    expect(share('holder:gold')).toEqual({ tag: 'holder:gold', share: 5 / 8, belowFloor: false });
    expect(share('holder:bond')).toEqual({ tag: 'holder:bond', share: 5 / 8, belowFloor: false });
    expect(share('follows:gold')).toEqual({ tag: 'follows:gold', share: FLOOR / 8, belowFloor: false });
    expect(share('risk:C3')).toEqual({ tag: 'risk:C3', share: 1, belowFloor: false });
    // 2 of 8 members: under the floor, so no share (2/8 would give the count back with the size).
    expect(share(`inst:${TENANT}:holder`)).toEqual({ tag: `inst:${TENANT}:holder`, share: null, belowFloor: true });
    expect(share('dca:active')).toEqual({ tag: 'dca:active', share: null, belowFloor: true });
    expect(share('risk:C5')).toEqual({ tag: 'risk:C5', share: null, belowFloor: true });

    const gold = await get(`/v1/segments/${await segment('holder:gold')}/insights?asOf=${AS_OF}`);
    const goldShare = (tag: string) => gold.body.tags.find((s: { tag: string }) => s.tag === tag);
    expect(goldShare('follows:gold')).toEqual({ tag: 'follows:gold', share: FLOOR / 5, belowFloor: false });
    expect(goldShare('holder:bond')).toEqual({ tag: 'holder:bond', share: null, belowFloor: true });
    expect(goldShare(`inst:${TENANT}:holder`)).toEqual({ tag: `inst:${TENANT}:holder`, share: null, belowFloor: true });
  });

  it('hides every share of a segment under the floor, and its size', async () => {
    const res = await get(`/v1/segments/${await segment('holder:gold AND holder:bond')}/insights?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(hidden);
    expect(res.body.tags.length).toBeGreaterThan(0);
    for (const share of res.body.tags) expect(share).toEqual({ tag: share.tag, share: null, belowFloor: true });
  });

  it('floors each overlap cell on its own: A and B above with A∧B under', async () => {
    const gold = await segment('holder:gold');
    const res = await post('/v1/segments/overlap', { a: { segmentId: gold }, b: { expression: { text: 'holder:bond' } }, asOf: AS_OF });
    expect(res.status).toBe(200);
    expect({ a: res.body.a, b: res.body.b, both: res.body.both }).toEqual({ a: shown(5), b: shown(5), both: hidden });
  });

  it('floors each overlap cell on its own: one side under, the other above, and every cell exactly at the floor shown', async () => {
    const cells = async (a: string, b: string) => {
      const res = await post('/v1/segments/overlap', { a: { expression: { text: a } }, b: { expression: { text: b } }, asOf: AS_OF });
      expect(res.status).toBe(200);
      return { a: res.body.a, b: res.body.b, both: res.body.both };
    };
    expect(await cells('dca:active', 'risk:C3')).toEqual({ a: hidden, b: shown(8), both: hidden });
    expect(await cells('risk:C3', `inst:${TENANT}:holder`)).toEqual({ a: shown(8), b: hidden, both: hidden });
    expect(await cells('follows:gold', 'holder:gold')).toEqual({ a: shown(FLOOR), b: shown(5), both: shown(FLOOR) });
    expect(await cells('risk:C3', 'holder:gold OR holder:bond')).toEqual({ a: shown(8), b: shown(8), both: shown(8) });
  });

  it('refuses a snapshot under the floor without saying its size, and keeps none of its members', async () => {
    const under = await post(`/v1/segments/${await segment('holder:gold AND holder:bond')}/snapshots`, { asOf: AS_OF });
    expect(under.status).toBe(422);
    expect(under.body.error).toMatchObject({ code: 'below_floor', details: { floor: FLOOR } });
    expect(JSON.stringify(under.body)).not.toMatch(/"size"|"leftOut"|snapshotId/);

    // Suitability can take an audience above the floor under it: refused as well.
    const gold = await segment('holder:gold');
    const unsuitable = await post(`/v1/segments/${gold}/snapshots`, { asOf: AS_OF, productRiskLevel: 'R4' });
    expect(unsuitable.status).toBe(422);
    expect(unsuitable.body.error.code).toBe('below_floor');

    const atFloor = await post(`/v1/segments/${await segment('follows:gold')}/snapshots`, { asOf: AS_OF });
    expect(atFloor.status).toBe(201);
    expect(atFloor.body).toMatchObject({ size: FLOOR, leftOut: 0 });

    const orphans = await t.ch.query<{ n: string }>(
      'SELECT toString(count()) AS n FROM segment_snapshot_members WHERE snapshot_id NOT IN (SELECT snapshot_id FROM segment_snapshots)',
    );
    expect(orphans).toEqual([{ n: '0' }]);
  });
});
