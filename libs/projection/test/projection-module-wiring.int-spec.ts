import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClickHouse, ClickHouseModule } from '@tagstream/clickhouse';
import { SUBJECT_DIRECTORY, SubjectDirectory } from '@tagstream/compliance';
import { ConfigModule, loadConfig } from '@tagstream/config';
import { EventStoreModule } from '@tagstream/eventstore';
import { HealthRegistry, ObservabilityModule } from '@tagstream/observability';
import { EventStoreSurrogateRegistry, ProjectionModule, ProjectionRunner } from '@tagstream/projection';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { ProjectorHeartbeatStore } from '../src/clickhouse/projector-heartbeat';

jest.setTimeout(120_000);

/**
 * ProjectionModule as the projector process mounts it (config, observability,
 * the stores), on a real event store and embedded chDB: runs on bootstrap,
 * stops with its checkpoint written.
 */
describe('projection module wiring', () => {
  let es: TestEventStore;
  let dataDir: string;
  let app: INestApplication;

  beforeAll(async () => {
    es = await startTestEventStore();
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-projector-wiring-'));
  });
  afterAll(async () => {
    await es?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApp(projection: Parameters<typeof ProjectionModule.forRoot>[0] = { runProjector: true }): Promise<INestApplication> {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'error', EVENTSTORE_CONNECTION_STRING: es.connectionString });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        EventStoreModule.forRoot({ connectionString: es.connectionString, dataDir }),
        ClickHouseModule.forRoot({ dataDir, database: config.CLICKHOUSE_DATABASE }),
        ProjectionModule.forRoot(projection),
      ],
    }).compile();
    const started = moduleRef.createNestApplication({ logger: false });
    await started.init();
    return started;
  }

  async function appendUsers(n: number, prefix: string): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        es.store.append(`user-${prefix}-${i}`, [
          { id: randomUUID(), type: 'RiskAssessed', data: { level: 'C2' }, metadata: { schemaVersion: 1, occurredAt: '2026-11-20T08:00:00Z' } },
        ]),
      ),
    );
  }

  it('projects what is in the store once bootstrapped, reports in /health and binds the subject directory', async () => {
    await appendUsers(30, 'a');
    app = await startApp();
    const runner = app.get(ProjectionRunner);
    const deadline = Date.now() + 20_000;
    while (!(runner.getFreshness().caughtUp && runner.getFreshness().lagEvents === 0 && runner.getFreshness().position)) {
      if (Date.now() > deadline) throw new Error(`projector did not catch up: ${JSON.stringify(runner.getFreshness())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const report = await app.get(HealthRegistry).check();
    expect(report.checks.projector).toMatchObject({ up: true, details: { lagEvents: 0, caughtUp: true } });

    const directory = app.get<SubjectDirectory>(SUBJECT_DIRECTORY);
    expect(directory).toBe(app.get(EventStoreSurrogateRegistry));
    expect(await directory.surrogateOf('a-0')).toEqual(expect.any(Number));
    const [{ n }] = await app.get(ClickHouse).query<{ n: string }>('SELECT count() AS n FROM label_users FINAL');
    expect(Number(n)).toBe(30);
  });

  it('on shutdown finishes the batch in flight and writes its checkpoint; a restart resumes from it', async () => {
    const runner = app.get(ProjectionRunner);
    const before = runner.getFreshness().position;
    await appendUsers(200, 'b');
    await app.close();
    const stopped = runner.getFreshness();
    expect(stopped.lagEvents).toBe(0);
    expect(stopped.position).not.toBe(before);

    app = await startApp();
    const ch = app.get(ClickHouse);
    const [checkpoint] = await ch.query<{ commit_position: string; prepare_position: string }>(
      "SELECT commit_position, prepare_position FROM label_checkpoints FINAL WHERE stage = 'labels'",
    );
    expect(`${checkpoint.commit_position}/${checkpoint.prepare_position}`).toBe(stopped.position);
    const restarted = app.get(ProjectionRunner);
    const deadline = Date.now() + 20_000;
    while (!(restarted.getFreshness().caughtUp && restarted.getFreshness().lagEvents === 0)) {
      if (Date.now() > deadline) throw new Error('restarted projector did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [{ n }] = await ch.query<{ n: string }>('SELECT count() AS n FROM label_users FINAL');
    expect(Number(n)).toBe(230);
    await app.close();
  });

  it('without the projector (the api process), reports the lag the projector last wrote as its heartbeat', async () => {
    app = await startApp({ runProjector: false });
    const health = app.get(HealthRegistry);
    const ch = app.get(ClickHouse);
    // the beat the projector of the previous test wrote (these tests run in order on one store)
    const [row] = await ch.query<{ written_at: string; position: string; lag_events: string; lag_seconds: number }>(
      'SELECT written_at, position, lag_events, lag_seconds FROM projector_heartbeat FINAL',
    );
    expect(row).toBeDefined();
    expect((await health.check()).checks.projector).toMatchObject({
      up: true,
      details: {
        source: 'heartbeat',
        reportedAt: new Date(`${row.written_at.replace(' ', 'T')}Z`).toISOString(),
        position: row.position === '' ? null : row.position,
        lagEvents: Number(row.lag_events),
        lagSeconds: Number(row.lag_seconds),
        silentSeconds: expect.any(Number),
        maxLagSeconds: 30,
      },
    });

    // a beat of a projector that has fallen behind makes this process not ready
    await new ProjectorHeartbeatStore(ch).write({ position: '1/1', reachedAt: null, lagEvents: 7, lagSeconds: 45, behindStore: true, caughtUp: false });
    expect((await health.check()).checks.projector).toMatchObject({ up: false, details: { position: '1/1', lagEvents: 7, lagSeconds: 45, behindStore: true } });
    expect(() => app.get(ProjectionRunner)).toThrow();

    await ch.command('TRUNCATE TABLE projector_heartbeat');
    expect((await health.check()).checks.projector).toMatchObject({ up: false, details: { error: 'the projector has not reported yet' } });
    await app.close();
  });
});
