import { ClickHouse } from '@tagstream/clickhouse';
import { AppConfig } from '@tagstream/config';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, TestEventStore } from '@tagstream/testing';
import { AuditProjector, AuditStore, DisclosureService } from '../src';
import { AuditQueries } from '../src/auditor/audit-queries';

const config = (): AppConfig => Object.assign(new AppConfig(), { MIN_AUDIENCE_SIZE: 100, PSEUDONYM_KEY: 'p'.repeat(32) });

describe('audit projection (event store → ClickHouse)', () => {
  let es: TestEventStore;
  let ch: ClickHouse;
  let tenant: string;
  beforeEach(async () => {
    es = await startTestEventStore();
    ch = await createTestClickHouse();
    tenant = `fund_${Math.random().toString(36).slice(2, 10)}`;
  });
  afterEach(async () => {
    await dropTestClickHouse(ch);
    await es.stop();
  });

  const catchUp = async (projector: AuditProjector) => projector.run(new AbortController().signal, { untilCaughtUp: true });
  const count = async (sql: string, params?: Record<string, unknown>) => Number((await ch.query<{ n: string }>(sql, params))[0].n);

  it('projects records and subjects, and a restart resumes from the checkpoint without duplicates', async () => {
    const disclosure = new DisclosureService(config(), es.store, () => new Date('2026-11-20T12:00:00Z'));
    await disclosure.audit({ principal: { sub: 'm1', role: 'marketer', tenant }, action: 'segment.size', segmentId: 's1', numbers: { size: 120 } });
    await disclosure.audit({ principal: { sub: 'm1', role: 'marketer', tenant }, action: 'snapshot.members', snapshotId: 'snap1', definitionVersion: 2, subjects: [7, 8, 9] });
    await catchUp(new AuditProjector(es.store, new AuditStore(ch)));

    expect(await count('SELECT count() AS n FROM audit_records FINAL WHERE tenant = {t:String}', { t: tenant })).toBe(2);
    const subjects = await ch.query<{ subject: number; snapshot_id: string; definition_version: number }>(
      'SELECT subject, snapshot_id, definition_version FROM audit_subjects FINAL ORDER BY subject',
    );
    expect(subjects).toEqual([7, 8, 9].map((subject) => ({ subject, snapshot_id: 'snap1', definition_version: 2 })));

    await disclosure.audit({ principal: { sub: 'r1', role: 'recommender' }, action: 'user.tags', numbers: { users: 1 } });
    const restarted = new AuditProjector(es.store, new AuditStore(ch));
    await catchUp(restarted);
    // Without FINAL: a restart that replayed the first two records would show them twice.
    expect(await count('SELECT count() AS n FROM audit_records')).toBe(3);
    expect(await count("SELECT count() AS n FROM audit_records WHERE tenant = '' AND action = 'user.tags'")).toBe(1);

    expect(await new AuditQueries(ch).subject(8)).toEqual([
      expect.objectContaining({ tenant, action: 'snapshot.members', snapshotId: 'snap1', definitionVersion: 2, at: '2026-11-20T12:00:00.000Z' }),
    ]);
    expect(await new AuditQueries(ch).subject(99)).toEqual([]);
  });

  it('is idempotent when the same events are projected again from the start', async () => {
    const disclosure = new DisclosureService(config(), es.store);
    await disclosure.audit({ principal: { sub: 'm1', role: 'marketer', tenant }, action: 'segment.preview', expressionHash: 'h1', numbers: { size: null } });
    await catchUp(new AuditProjector(es.store, new AuditStore(ch)));
    await ch.command('TRUNCATE TABLE audit_checkpoints');
    await catchUp(new AuditProjector(es.store, new AuditStore(ch)));
    expect(await count('SELECT count() AS n FROM audit_records FINAL')).toBe(1);
    const [row] = await ch.query<{ numbers: string; expression_hash: string }>('SELECT numbers, expression_hash FROM audit_records FINAL');
    expect(JSON.parse(row.numbers)).toEqual({ size: null });
    expect(row.expression_hash).toBe('h1');
  });

  it('leaves out subjects it is told to skip (erased people)', async () => {
    const disclosure = new DisclosureService(config(), es.store);
    await disclosure.audit({ principal: { sub: 'm1', role: 'marketer', tenant }, action: 'snapshot.members', subjects: [1, 2, 3] });
    await catchUp(new AuditProjector(es.store, new AuditStore(ch), { skipSubject: (s) => s === 2 }));
    const rows = await ch.query<{ subject: number }>('SELECT subject FROM audit_subjects FINAL ORDER BY subject');
    expect(rows.map((r) => r.subject)).toEqual([1, 3]);
  });
});
