import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role, signToken } from '@tagstream/auth';
import { ERASURE_STEPS, ErasureStep } from '@tagstream/config';
import { freePort, spawnApp, SpawnedApp } from '../support/spawn-app';
import { event, freshUser } from './intake-fixtures';

const TAGSTREAM = 'apps/tagstream/src/main.ts';
const SECRET = 'erasure-crash-test-secret-0123456789abcdef';
const TENANT = 'fund_crash';
const READY_MS = 60_000;

/**
 * docs/contract.md §6: once recorded, an erasure always completes. The real service is
 * killed (SIGKILL, through the test-only TEST_ERASURE_KILL_AFTER hook) right
 * after each step of an erasure, then started again on the same data: before
 * it answers anything, the erasure is finished, and no answer shows the
 * person — without a second DELETE.
 */
describe('an erasure cut short by a crash is finished at start-up', () => {
  let dataDir: string;
  let app: SpawnedApp | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-erasure-crash-'));
  });
  afterEach(async () => {
    await app?.cleanup();
    app = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const token = (role: Role) =>
    `Bearer ${signToken(SECRET, { sub: `crash-${role}`, role, ...(role === 'marketer' ? { tenant: TENANT } : {}) }, 600)}`;

  async function start(port: number, env: Record<string, string> = {}): Promise<string> {
    app = spawnApp(TAGSTREAM, {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: SECRET,
      MIN_AUDIENCE_SIZE: '1',
      LOG_LEVEL: 'info',
      ...env,
    });
    await app.waitForStdout(/tagstream is ready/, READY_MS);
    return `http://127.0.0.1:${port}`;
  }

  it.each(ERASURE_STEPS)('after the step "%s"', async (step: ErasureStep) => {
    const port = await freePort();
    let url = await start(port, { TEST_ERASURE_KILL_AFTER: step });
    const [victim, ...others] = [freshUser('victim'), freshUser('other'), freshUser('other')];
    const everyone = [victim, ...others];
    const posted = await request(url)
      .post('/v1/events')
      .set('authorization', token('ingest'))
      .send({ events: everyone.flatMap((user) => [event('RiskAssessed', user), event('SessionStarted', user)]) });
    expect(posted.status).toBe(202);

    const activeSize = async () => {
      const answer = await request(url).post('/v1/segments/preview').set('authorization', token('marketer')).send({ expression: { tag: 'active' } });
      expect(answer.status).toBe(200);
      return answer.body.size as number;
    };
    await poll(async () => (await activeSize()) === 3, 'the three people to be projected');
    const segment = await request(url).post('/v1/segments').set('authorization', token('marketer')).send({ name: 'everyone active', expression: { tag: 'active' } });
    expect(segment.status).toBe(201);
    const segmentId = segment.body.id as string;
    const oldSnapshot = await snapshot(url, segmentId);
    const before = await members(url, oldSnapshot);
    expect(before).toHaveLength(3);

    const erase = await request(url).delete(`/v1/users/${victim}`).set('authorization', token('admin')).then(
      (response) => response.status,
      (error: Error) => error.message,
    );
    expect(erase).toMatch(/socket hang up|ECONNRESET/);
    expect(await app!.exited).toEqual({ code: null, signal: 'SIGKILL' });

    url = await start(port);
    expect(app!.stdout()).toContain('erasure completed on resume');

    expect(await activeSize()).toBe(2);
    const after = await members(url, oldSnapshot);
    expect(after).toHaveLength(2);
    expect(before).toEqual(expect.arrayContaining(after));
    // Member ids are scoped to their snapshot, so a new snapshot's ids are not the old one's: it holds the two others.
    const newSnapshot = await snapshot(url, segmentId);
    expect(await members(url, newSnapshot)).toHaveLength(2);

    const subject = await request(url).get(`/v1/compliance/subjects/${victim}`).set('authorization', token('auditor'));
    expect(subject.body).toMatchObject({ userId: victim, erased: true, tenants: [] });
    expect((await request(url).get(`/v1/users/${victim}/tags`).set('authorization', token('recommender'))).status).toBe(404);
    const again = await request(url).post('/v1/events').set('authorization', token('ingest')).send({ events: [event('SessionStarted', victim)] });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain('erased');

    // Raw events, the id mapping and the ticket are gone from disk: the id is nowhere in the data directory.
    expect(filesMentioning(dataDir, victim)).toEqual([]);
    expect(filesMentioning(dataDir, others[0]).length).toBeGreaterThan(0);
  }, 240_000);

  async function snapshot(url: string, segmentId: string): Promise<string> {
    const created = await request(url).post(`/v1/segments/${segmentId}/snapshots`).set('authorization', token('marketer')).send({});
    expect(created.status).toBe(201);
    return created.body.snapshotId as string;
  }

  async function members(url: string, snapshotId: string): Promise<string[]> {
    const page = await request(url).get(`/v1/snapshots/${snapshotId}/members`).set('authorization', token('marketer')).buffer(true).parse(text);
    expect(page.status).toBe(200);
    return (page.body as string)
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id)
      .sort();
  }
});

/** supertest parser: the NDJSON body as one string. */
const text: Parameters<request.Test['parse']>[0] = (res, done) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => done(null, body));
};

/** Bounded poll on an HTTP answer. */
async function poll(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Files under `dir` whose bytes contain `needle`; files ClickHouse removes while the scan runs are skipped. */
function filesMentioning(dir: string, needle: string): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(needle);
  for (const name of ifPresent(() => readdirSync(dir)) ?? []) {
    const path = join(dir, name);
    if (ifPresent(() => statSync(path).isDirectory())) found.push(...filesMentioning(path, needle));
    else if (ifPresent(() => readFileSync(path).includes(bytes))) found.push(path);
  }
  return found;
}

function ifPresent<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
