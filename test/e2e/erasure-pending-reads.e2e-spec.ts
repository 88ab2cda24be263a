import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { EventStoreSurrogateRegistry } from '@tagstream/projection';
import { waitUntilProjected } from '../support/projected';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const TENANT = 'demo_fund';

/**
 * An erasure recorded but not carried out yet (the service is between its
 * steps, or a resume failed and waits for its retry): the person's labels,
 * snapshot rows and mapping are all still there, and no answer may show them.
 */
describe('reads while an erasure is recorded and not completed', () => {
  let t: TestApp;
  const run = Date.now().toString(36);
  const people = Array.from({ length: 4 }, (_, i) => `pend-${run}-${i}`);
  const erasing = people[1];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const marketer = () => bearer(t.token('marketer', { tenant: TENANT }));

  beforeAll(async () => {
    t = await createTestApp({ env: { MIN_AUDIENCE_SIZE: '1', LOG_LEVEL: 'warn' } });
    const events = people.map((userId) => ({ eventId: randomUUID(), userId, type: 'RiskAssessed', data: { level: 'C3' }, occurredAt: new Date().toISOString() }));
    expect((await request(t.server).post('/v1/events').set(bearer(t.token('ingest'))).send({ events })).status).toBe(202);
    await waitUntilProjected(t.app, people);
  });
  afterAll(async () => {
    await t?.close();
  });

  const size = async (expression: object) =>
    (await request(t.server).post('/v1/segments/preview').set(marketer()).send({ expression })).body.size as number;

  async function snapshotMembers(segmentId: string, snapshotId?: string): Promise<{ snapshotId: string; members: string[] }> {
    const id = snapshotId ?? (await request(t.server).post(`/v1/segments/${segmentId}/snapshots`).set(marketer()).send({})).body.snapshotId;
    const page = await request(t.server).get(`/v1/snapshots/${id}/members`).set(marketer()).buffer(true).parse((res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(null, body));
    });
    expect(page.status).toBe(200);
    return { snapshotId: id, members: (page.body as string).split('\n').filter(Boolean).sort() };
  }

  it('leaves the person out of sizes, tag counts, old and new snapshots, and says erased to the auditor', async () => {
    const segment = await request(t.server).post('/v1/segments').set(marketer()).send({ name: 'C3', expression: { tag: 'risk:C3' } });
    const old = await snapshotMembers(segment.body.id);
    expect(old.members).toHaveLength(4);
    expect(await size({ tag: 'risk:C3' })).toBe(4);

    const surrogate = await t.app.get(EventStoreSurrogateRegistry).surrogateOf(erasing);
    const registry = t.app.get(ErasureRegistry);
    await registry.recordErased({ userIdHash: registry.hashOf(erasing), surrogate: surrogate!, at: new Date().toISOString(), by: 'ops-admin' });

    expect(await size({ tag: 'risk:C3' })).toBe(3);
    expect(await size({ not: { tag: 'risk:C5' } })).toBe(3);
    const tags = await request(t.server).get('/v1/tags').set(marketer());
    expect(tags.body.tags.find((tag: { name: string }) => tag.name === 'risk:C3').count).toBe(3);

    const oldAfter = await snapshotMembers(segment.body.id, old.snapshotId);
    expect(oldAfter.members).toHaveLength(3);
    expect(old.members).toEqual(expect.arrayContaining(oldAfter.members));
    // Member ids are scoped to their snapshot: a new snapshot holds the same three people under ids of its own.
    expect((await snapshotMembers(segment.body.id)).members).toHaveLength(3);

    const subject = await request(t.server).get(`/v1/compliance/subjects/${erasing}`).set(bearer(t.token('auditor')));
    expect(subject.status).toBe(200);
    expect(subject.body).toMatchObject({ userId: erasing, erased: true, tenants: [] });
  });

  it('leaves out a person whose erasure another process recorded, without waiting for anything else to refresh', async () => {
    const elsewhere = people[2];
    const before = await size({ tag: 'risk:C3' });
    const surrogate = await t.app.get(EventStoreSurrogateRegistry).surrogateOf(elsewhere);
    // Another api replica's view of the erasures: it records, this process has not read it yet.
    const replica = new ErasureRegistry(t.app.get(EventStore), t.app.get(AppConfig));
    await replica.recordErased({ userIdHash: replica.hashOf(elsewhere), surrogate: surrogate!, at: new Date().toISOString(), by: 'ops-admin' });

    expect(await size({ tag: 'risk:C3' })).toBe(before - 1);
    const tags = await request(t.server).get('/v1/tags').set(marketer());
    expect(tags.body.tags.find((tag: { name: string }) => tag.name === 'risk:C3').count).toBe(before - 1);
  });
});
