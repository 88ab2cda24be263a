import request from 'supertest';
import { DisclosureService, EXPOSURE_RECORDED, ExposureRecordedData } from '@tagstream/compliance';
import { EventStore } from '@tagstream/eventstore';
import { Population, writePopulationLabels } from '@tagstream/segments';
import { AS_OF, LabelledApp, TENANT, startLabelledApp, user } from '../support/labelled-app';

/**
 * Gold holders 1–9 with every kind of assessment: 1–3 C5, 4–5 C4, 6 C3,
 * 7 C2, 8 none, 9 C1. User 10 (C5, gold) opted out and user 11 (C5) holds
 * no gold: neither is in the segment, so neither may count as left out.
 */
const SUITABILITY_POPULATION: Population = {
  tagKinds: {
    'risk:C1': 'state',
    'risk:C2': 'state',
    'risk:C3': 'state',
    'risk:C4': 'state',
    'risk:C5': 'state',
    'holder:gold': 'state',
    active: 'activity',
  },
  users: [
    ...[1, 2, 3].map((id) => user(id, ['risk:C5', 'holder:gold'])),
    ...[4, 5].map((id) => user(id, ['risk:C4', 'holder:gold'])),
    user(6, ['risk:C3', 'holder:gold']),
    user(7, ['risk:C2', 'holder:gold']),
    user(8, ['holder:gold']),
    user(9, ['risk:C1', 'holder:gold']),
    user(10, ['risk:C5', 'holder:gold'], { personalized: false }),
    user(11, ['risk:C5']),
  ],
};

describe('suitability: snapshots with productRiskLevel', () => {
  let t: LabelledApp;
  let marketer: string;
  let gold: string;

  beforeAll(async () => {
    t = await startLabelledApp();
    await writePopulationLabels(t.ch, SUITABILITY_POPULATION);
    marketer = t.token('marketer', { sub: 'm-suitability' });
    gold = await segment('holder:gold');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function segment(text: string): Promise<string> {
    const res = await request(t.server).post('/v1/segments').set('Authorization', `Bearer ${marketer}`).send({ name: text, expression: { text } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function snapshot(segmentId: string, productRiskLevel?: string) {
    const res = await request(t.server)
      .post(`/v1/segments/${segmentId}/snapshots`)
      .set('Authorization', `Bearer ${marketer}`)
      .send({ asOf: AS_OF, ...(productRiskLevel ? { productRiskLevel } : {}) });
    expect(res.status).toBe(201);
    return { body: res.body, requestId: res.headers['x-request-id'] as string };
  }

  async function members(snapshotId: string): Promise<string[]> {
    const res = await request(t.server).get(`/v1/snapshots/${snapshotId}/members?format=csv&limit=10000`).set('Authorization', `Bearer ${marketer}`);
    expect(res.status).toBe(200);
    return res.text.trim().split('\n').slice(1).sort();
  }

  const pseudonyms = (users: number[], snapshotId: string) => users.map((n) => t.app.get(DisclosureService).pseudonymize(TENANT, n, snapshotId)).sort();

  /** The snapshot's row as stored, the number a later audit or delivery reads. */
  async function storedRow(snapshotId: string) {
    const [row] = await t.ch.query<{ size: string; left_out: string; product_risk_level: string | null }>(
      'SELECT toString(size) AS size, toString(left_out) AS left_out, product_risk_level FROM segment_snapshots FINAL WHERE snapshot_id = {id:String}',
      { id: snapshotId },
    );
    return row && { size: Number(row.size), leftOut: Number(row.left_out), productRiskLevel: row.product_risk_level };
  }

  /** The audit records the snapshot request appended, read from the event store itself. */
  async function auditRecordsOf(requestId: string): Promise<ExposureRecordedData[]> {
    const found: ExposureRecordedData[] = [];
    for await (const event of t.app.get(EventStore).readAll()) {
      if (event.type === EXPOSURE_RECORDED && (event.data as ExposureRecordedData).requestId === requestId) found.push(event.data as ExposureRecordedData);
    }
    return found;
  }

  it.each([
    { name: 'no productRiskLevel', level: undefined, expected: [1, 2, 3, 4, 5, 6, 7, 8, 9], leftOut: 0 },
    { name: 'R1', level: 'R1', expected: [1, 2, 3, 4, 5, 6, 7, 9], leftOut: 1 },
    { name: 'R2', level: 'R2', expected: [1, 2, 3, 4, 5, 6, 7], leftOut: 2 },
    { name: 'R3', level: 'R3', expected: [1, 2, 3, 4, 5, 6], leftOut: 3 },
    { name: 'R4', level: 'R4', expected: [1, 2, 3, 4, 5], leftOut: 4 },
    { name: 'R5', level: 'R5', expected: [1, 2, 3], leftOut: 6 },
  ])('$name keeps exactly the users assessed at or above the level and records $leftOut left out', async ({ level, expected, leftOut }) => {
    const { body, requestId } = await snapshot(gold, level);
    expect(body).toMatchObject({ segmentId: gold, size: expected.length, leftOut, productRiskLevel: level ?? null });
    expect(await members(body.snapshotId)).toEqual(pseudonyms(expected, body.snapshotId));
    expect(await storedRow(body.snapshotId)).toEqual({ size: expected.length, leftOut, productRiskLevel: level ?? null });
    const records = await auditRecordsOf(requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'segment.snapshot', snapshotId: body.snapshotId, numbers: { size: expected.length, leftOut } });
  });

  it('counts as left out only members of the segment, not users the expression already excludes', async () => {
    const notTop = await segment('holder:gold AND NOT risk:C5');
    const { body } = await snapshot(notTop, 'R3');
    expect(body).toMatchObject({ size: 3, leftOut: 3 });
    expect(await members(body.snapshotId)).toEqual(pseudonyms([4, 5, 6], body.snapshotId));
    expect(await storedRow(body.snapshotId)).toMatchObject({ size: 3, leftOut: 3 });
  });
});
