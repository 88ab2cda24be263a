import { createServer } from 'node:net';
import { ServiceUnavailableError } from '@tagstream/common';
import { AppConfig } from '@tagstream/config';
import { EventStore, StoredEvent } from '@tagstream/eventstore';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { auditStreamName, DisclosureService, EXPOSURE_RECORDED, EXPOSURES_RECORDED, EXPOSURE_SUBJECTS_RECORDED, ExposureRecordedData, exposureRecordsIn } from '../src';
import { toAuditRows } from '../src/audit-projection/audit-rows';

const config = (): AppConfig => Object.assign(new AppConfig(), { MIN_AUDIENCE_SIZE: 100, PSEUDONYM_KEY: 'p'.repeat(32) });
const AT = new Date('2026-11-20T12:00:00Z');

async function readStream(store: EventStore, stream: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('DisclosureService.audit against the event store', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(async () => {
    await es.stop();
  });

  it('writes the records of concurrent answers whole, as fewer events, each answer waiting for its own', async () => {
    const tenant = `fund_${Date.now().toString(36)}`;
    const disclosure = new DisclosureService(config(), es.store, () => AT);
    const principal = { sub: 'r-1', role: 'recommender' as const, tenant };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => disclosure.audit({ principal, action: 'user.tags', idsExposed: 1, subjects: [i + 1], requestId: `req-${i}` })),
    );
    const events = await readStream(es.store, auditStreamName(tenant, AT));
    expect(events.length).toBeLessThan(40);
    expect(events.some((event) => event.type === EXPOSURES_RECORDED)).toBe(true);
    const records = events.flatMap((event) => exposureRecordsIn(event));
    expect(records.map((record) => record.requestId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `req-${i}`).sort());
    expect(new Set(records.map((record) => record.recordId)).size).toBe(40);
    const rows = toAuditRows(events);
    expect(rows.records).toHaveLength(40);
    expect(rows.subjects.map((row) => row.subject).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('appends exactly one ExposureRecorded event to the day stream of the tenant', async () => {
    const tenant = `fund_${Date.now().toString(36)}`;
    const disclosure = new DisclosureService(config(), es.store, () => AT);
    await disclosure.audit({
      principal: { sub: 'm-1', role: 'marketer', tenant },
      action: 'segment.size',
      segmentId: 'seg-1',
      definitionVersion: 3,
      numbers: { size: null },
      requestId: 'req-1',
    });
    const events = await readStream(es.store, auditStreamName(tenant, AT));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe(EXPOSURE_RECORDED);
    expect(events[0].data).toMatchObject({
      at: AT.toISOString(),
      actor: 'm-1',
      role: 'marketer',
      tenant,
      action: 'segment.size',
      segmentId: 'seg-1',
      definitionVersion: 3,
      numbers: { size: null },
      idsExposed: 0,
      requestId: 'req-1',
    });
  });

  it('splits a large subject list over further events of the same record', async () => {
    const tenant = `fund_big_${Date.now().toString(36)}`;
    const disclosure = new DisclosureService(config(), es.store, () => AT);
    const subjects = Array.from({ length: 12_001 }, (_, i) => i);
    await disclosure.audit({ principal: { sub: 'm-1', role: 'marketer', tenant }, action: 'snapshot.members', snapshotId: 's-1', subjects });
    const events = await readStream(es.store, auditStreamName(tenant, AT));
    expect(events.map((e) => e.type)).toEqual([EXPOSURE_RECORDED, EXPOSURE_SUBJECTS_RECORDED, EXPOSURE_SUBJECTS_RECORDED]);
    const record = events[0].data as ExposureRecordedData;
    expect(record).toMatchObject({ idsExposed: 12_001, subjectCount: 12_001 });
    const stored = events.flatMap((e) => (e.data as { subjects: number[] }).subjects);
    expect(stored).toEqual(subjects);
    expect(events.slice(1).every((e) => (e.data as { recordId: string }).recordId === record.recordId)).toBe(true);
  });

  it('fails with ServiceUnavailableError when the store refuses connections', async () => {
    const dead = new EventStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    try {
      const disclosure = new DisclosureService(config(), dead, () => AT);
      await expect(disclosure.audit({ principal: { sub: 'a', role: 'recommender' }, action: 'user.tags' })).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
    } finally {
      await dead.close();
    }
  });
});
