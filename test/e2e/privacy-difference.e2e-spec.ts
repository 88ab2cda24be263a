import request from 'supertest';
import { evaluateInMemory, Population, PopulationUser, writePopulationLabels } from '@tagstream/segments';
import { LabelledApp, startLabelledApp } from '../support/labelled-app';

const FLOOR = 10;
const AS_OF = '2026-11-20T12:00:00Z';

/**
 * Sixty consenting users, all risk:C3 and active on 11-18:
 *   holder:gold 1–5 (5: under the floor), dca:active 6–60 (55),
 *   follows:gold 1–30 (30) and holder:bond 31–58 (28): disjoint, sizes 2 apart,
 *   viewed:gold 1–40 on 11-18 and 41–44 on 11-12, so viewed:gold[7d] is 40 at
 *   11-20 and 44 at 11-18: the 4 who viewed on 11-12 are the difference.
 */
function person(id: number): PopulationUser {
  const state = ['risk:C3'];
  if (id <= 5) state.push('holder:gold');
  else state.push('dca:active');
  if (id <= 30) state.push('follows:gold');
  if (id > 30 && id <= 58) state.push('holder:bond');
  const viewed: Record<string, Record<string, number>> = id <= 40 ? { 'viewed:gold': { '2026-11-18': 1 } } : id <= 44 ? { 'viewed:gold': { '2026-11-12': 1 } } : {};
  return { userId: id, personalized: true, stateTags: state, dailyCounts: { active: { '2026-11-18': 1 }, ...viewed } };
}

const KINDS: Population['tagKinds'] = {
  'risk:C3': 'state',
  'holder:gold': 'state',
  'holder:bond': 'state',
  'follows:gold': 'state',
  'dca:active': 'state',
  active: 'activity',
  'viewed:gold': 'activity',
};
const POPULATION: Population = { tagKinds: KINDS, users: Array.from({ length: 60 }, (_, i) => person(i + 1)) };

const withheld = { size: null, belowFloor: true, reason: 'difference' };

/** Every attack runs twice: with the check (the default) and, as the control, with DIFFERENCE_CHECK=off. */
describe.each([
  { mode: 'on', check: true },
  { mode: 'off (control)', check: false },
])('the floor across answers, difference check $mode', ({ check }) => {
  let t: LabelledApp;
  let tenantNo = 0;

  beforeAll(async () => {
    t = await startLabelledApp({ MIN_AUDIENCE_SIZE: String(FLOOR), DIFFERENCE_CHECK: check ? 'on' : 'off' });
    await writePopulationLabels(t.ch, POPULATION);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Each attack is made by a fresh tenant, so it starts with nothing remembered. */
  function freshMarketer(): { token: string; tenant: string } {
    tenantNo += 1;
    const tenant = `fund_${tenantNo}`;
    return { tenant, token: t.token('marketer', { tenant, sub: `m-${tenant}` }) };
  }

  const post = (token: string, path: string, body: object) => request(t.server).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);

  async function preview(token: string, text: string, asOf = AS_OF) {
    const res = await post(token, '/v1/segments/preview', { expression: { text }, asOf });
    expect(res.status).toBe(200);
    return { size: res.body.size, belowFloor: res.body.belowFloor, ...(res.body.reason ? { reason: res.body.reason } : {}) };
  }

  async function segment(token: string, text: string): Promise<string> {
    const res = await post(token, '/v1/segments', { name: text, expression: { text } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** What a tenant learns by subtracting two released numbers; null when one was withheld. */
  const subtract = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

  it('S and S AND NOT t: the second is withheld, so the below-floor t ∧ S is not learned', async () => {
    const { token } = freshMarketer();
    expect(await preview(token, 'holder:gold')).toEqual({ size: null, belowFloor: true });
    const s = await preview(token, 'risk:C3');
    const sNotT = await preview(token, 'risk:C3 AND NOT holder:gold');
    expect(s).toEqual({ size: 60, belowFloor: false });
    if (check) expect(sNotT).toEqual(withheld);
    else expect(subtract(s.size, sNotT.size)).toBe(5);
  });

  it('two expressions written differently that select nested groups', async () => {
    const { token } = freshMarketer();
    const s = await preview(token, 'active');
    const nested = await preview(token, 'NOT holder:gold');
    expect(s).toEqual({ size: 60, belowFloor: false });
    if (check) expect(nested).toEqual(withheld);
    else expect(subtract(s.size, nested.size)).toBe(5);
  });

  it('the same expression at two asOf values', async () => {
    const { token } = freshMarketer();
    const later = await preview(token, 'viewed:gold[7d]', '2026-11-20T12:00:00Z');
    const earlier = await preview(token, 'viewed:gold[7d]', '2026-11-18T12:00:00Z');
    expect(later).toEqual({ size: 40, belowFloor: false });
    if (check) expect(earlier).toEqual(withheld);
    else expect(subtract(earlier.size, later.size)).toBe(4);
  });

  it('an overlap: a minus both', async () => {
    const { token } = freshMarketer();
    const res = await post(token, '/v1/segments/overlap', { a: { expression: { text: 'risk:C3' } }, b: { expression: { text: 'NOT holder:gold' } }, asOf: AS_OF });
    expect(res.status).toBe(200);
    expect(res.body.a).toEqual({ size: 60, belowFloor: false });
    if (check) {
      expect(res.body.b).toEqual(withheld);
      expect(res.body.both).toEqual(withheld);
    } else {
      expect(subtract(res.body.a.size, res.body.both.size)).toBe(5);
    }
  });

  it('an insight share whose complement in the segment is under the floor', async () => {
    const { token } = freshMarketer();
    const res = await get(token, `/v1/segments/${await segment(token, 'risk:C3')}/insights?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ size: 60, belowFloor: false });
    const dca = res.body.tags.find((s: { tag: string }) => s.tag === 'dca:active');
    if (check) expect(dca).toEqual({ tag: 'dca:active', share: null, belowFloor: true, reason: 'difference' });
    else expect(Math.round(60 - dca.share * 60)).toBe(5);
    // Disjoint groups of close sizes are not an attack: both shares stay.
    expect(res.body.tags.find((s: { tag: string }) => s.tag === 'follows:gold')).toMatchObject({ share: 30 / 60 });
    expect(res.body.tags.find((s: { tag: string }) => s.tag === 'holder:bond')).toMatchObject({ share: 28 / 60 });
  });

  it('tag counts of GET /v1/tags against a preview', async () => {
    const { token } = freshMarketer();
    const res = await get(token, `/v1/tags?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    const released = (res.body.tags as { name: string; count: number | null }[]).filter((tag) => tag.name in KINDS && tag.count !== null);
    const nested = await preview(token, 'risk:C3 AND NOT holder:gold');
    if (check) {
      // No two numbers the tenant now holds count nested groups 1 … floor−1 apart.
      const numbers = [...released.map((tag) => ({ text: tag.name, size: tag.count as number })), ...(nested.size === null ? [] : [{ text: 'risk:C3 AND NOT holder:gold', size: nested.size }])];
      const members = (text: string) => new Set(evaluateInMemory(text === 'risk:C3 AND NOT holder:gold' ? { and: [{ tag: 'risk:C3' }, { not: { tag: 'holder:gold' } }] } : { tag: text }, POPULATION, new Date(AS_OF)));
      for (const x of numbers) {
        for (const y of numbers) {
          const [mx, my] = [members(x.text), members(y.text)];
          const nestedPair = [...my].every((u) => mx.has(u));
          if (nestedPair) expect([x.text, y.text, x.size - y.size >= 1 && x.size - y.size < FLOOR]).toEqual([x.text, y.text, false]);
        }
      }
      expect(released.map((tag) => tag.name)).toEqual(expect.arrayContaining(['follows:gold', 'holder:bond']));
    } else {
      const count = (name: string) => released.find((tag) => tag.name === name)?.count ?? null;
      expect(subtract(count('risk:C3'), nested.size)).toBe(5);
    }
  });

  it('snapshots: a list differing from an earlier answer by fewer than the floor is refused', async () => {
    const { token } = freshMarketer();
    const all = await post(token, `/v1/segments/${await segment(token, 'risk:C3')}/snapshots`, { asOf: AS_OF });
    expect(all.status).toBe(201);
    const allButGold = await post(token, `/v1/segments/${await segment(token, 'risk:C3 AND NOT holder:gold')}/snapshots`, { asOf: AS_OF });
    if (check) {
      expect(allButGold.status).toBe(422);
      expect(allButGold.body.error).toMatchObject({ code: 'difference_refused', details: { floor: FLOOR, reason: 'difference' } });
      expect(JSON.stringify(allButGold.body)).not.toMatch(/"size"|snapshotId/);
    } else {
      expect(allButGold.status).toBe(201);
      expect(subtract(all.body.size, allButGold.body.size)).toBe(5);
    }
  });

  it('member ids: two snapshots that pass the count check still never give a set difference of 1 … floor−1 ids', async () => {
    // follows:gold is 1–30, NOT holder:gold is 6–60: 35 people apart, so both lists are released. Their
    // difference is the 5 gold holders; with ids stable per tenant, subtracting the lists would name them.
    const { token } = freshMarketer();
    const a = await post(token, `/v1/segments/${await segment(token, 'follows:gold')}/snapshots`, { asOf: AS_OF });
    const b = await post(token, `/v1/segments/${await segment(token, 'NOT holder:gold')}/snapshots`, { asOf: AS_OF });
    expect([a.status, a.body.size, b.status, b.body.size]).toEqual([201, 30, 201, 55]);
    const page = async (snapshotId: string) => {
      const res = await get(token, `/v1/snapshots/${snapshotId}/members?format=csv&limit=10000`);
      expect(res.status).toBe(200);
      return new Set(res.text.trim().split('\n').slice(1));
    };
    const [listA, listB] = [await page(a.body.snapshotId), await page(b.body.snapshotId)];
    const minus = (x: Set<string>, y: Set<string>) => [...x].filter((id) => !y.has(id)).length;
    const sizes = [minus(listA, listB), minus(listB, listA), listA.size - minus(listA, listB)];
    // Ids are scoped to the snapshot: no id is in both lists, so neither difference nor the intersection is a small group.
    expect(sizes).toEqual([30, 55, 0]);
    for (const n of sizes) expect(n >= 1 && n < FLOOR).toBe(false);

    // Control: the same two lists as stable per-person ids (the surrogates the snapshots hold, which the
    // audit trail records as subjects): what ids stable per tenant would have given. Subtracting them names the 5 gold holders.
    const stable = async (snapshotId: string) =>
      new Set(
        (await t.ch.query<{ user: number }>('SELECT user FROM segment_snapshot_members WHERE snapshot_id = {id:String}', { id: snapshotId })).map((r) => String(r.user)),
      );
    expect(minus(await stable(a.body.snapshotId), await stable(b.body.snapshotId))).toBe(5);
  });

  if (check) {
    it('records each refusal for the auditor, naming the earlier answer it was checked against', async () => {
      const { token, tenant } = freshMarketer();
      const first = await post(token, '/v1/segments/preview', { expression: { text: 'risk:C3' }, asOf: AS_OF });
      const second = await post(token, '/v1/segments/preview', { expression: { text: 'risk:C3 AND NOT holder:gold' }, asOf: AS_OF });
      expect(second.body).toMatchObject(withheld);
      const auditor = t.token('auditor');
      const deadline = Date.now() + 10_000;
      let records: { requestId: string; recordId: string; refusals: { answer: string; reason: string; checkedAgainst: { recordId: string; action: string; size: number } }[] }[] = [];
      while (records.length < 2 && Date.now() < deadline) {
        const res = await get(auditor, `/v1/audit?tenant=${tenant}&limit=100`);
        expect(res.status).toBe(200);
        records = res.body.records;
        if (records.length < 2) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const earlier = records.find((r) => r.requestId === first.headers['x-request-id'])!;
      const refused = records.find((r) => r.requestId === second.headers['x-request-id'])!;
      expect(earlier.refusals).toEqual([]);
      expect(refused).toMatchObject({ numbers: { size: null } });
      expect(refused.refusals).toEqual([
        { answer: 'size', reason: 'difference', checkedAgainst: expect.objectContaining({ recordId: earlier.recordId, action: 'segment.preview', size: 60 }) },
      ]);
      const onlyRefused = await get(auditor, `/v1/audit?tenant=${tenant}&refused=true`);
      expect(onlyRefused.body.records.map((r: { recordId: string }) => r.recordId)).toEqual([refused.recordId]);
    });
  }


  it('keeps answering the same expression as data arrives, and keeps ordinary sizes exact', async () => {
    const { token } = freshMarketer();
    expect(await preview(token, 'follows:gold')).toEqual({ size: 30, belowFloor: false });
    // Disjoint, two apart: not an attack.
    expect(await preview(token, 'holder:bond')).toEqual({ size: 28, belowFloor: false });
    expect(await preview(token, 'risk:C3 AND holder:bond')).toEqual({ size: 28, belowFloor: false });
    // Three more gold holders arrive: the same expression answers, 3 more than before.
    const grown: Population = { ...POPULATION, users: [...POPULATION.users, ...[61, 62, 63].map((id) => ({ ...person(id), stateTags: ['risk:C3', 'holder:gold', 'follows:gold'] }))] };
    await writePopulationLabels(t.ch, grown, 20);
    expect(await preview(token, 'follows:gold')).toEqual({ size: 33, belowFloor: false });
  });
});
