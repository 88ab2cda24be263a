import { type AddressInfo, createServer } from 'node:net';
import request from 'supertest';
import { freePort, spawnApp, SpawnedApp } from '../support/spawn-app';

const TAGSTREAM = 'apps/tagstream/src/main.ts';
const API = 'apps/api/src/main.ts';
const PROJECTOR = 'apps/projector/src/main.ts';
const EXIT_WITHIN_MS = 30_000;

/** The processes as `npm start` runs them: real entry points, real signals, real exit codes. */
describe('process start-up and shutdown', () => {
  const spawned: SpawnedApp[] = [];
  const start = (entry: string, env: Record<string, string> = {}) => {
    const app = spawnApp(entry, env);
    spawned.push(app);
    return app;
  };
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((app) => app.cleanup()));
  });

  async function exitOf(app: SpawnedApp) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`still running after ${EXIT_WITHIN_MS} ms:\n${app.stdout()}\n${app.stderr()}`)), EXIT_WITHIN_MS);
    });
    try {
      return await Promise.race([app.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('refuses a bad PORT with a message naming PORT, and exits non-zero', async () => {
    const app = start(TAGSTREAM, { PORT: 'abc' });
    const { code } = await exitOf(app);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(app.stderr()).toContain('PORT must be an integer between 1 and 65535 (got "abc")');
  }, 60_000);

  it('names PORT when the port is taken, and exits non-zero', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const app = start(TAGSTREAM, { PORT: String(port), HOST: '127.0.0.1' });
      expect((await exitOf(app)).code).toBe(1);
      expect(app.stderr()).toContain(`PORT ${port} is already in use on 127.0.0.1`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

  it('refuses production without AUTH_JWT_SECRET', async () => {
    const app = start(TAGSTREAM, { NODE_ENV: 'production' });
    expect((await exitOf(app)).code).toBe(1);
    expect(app.stderr()).toContain('AUTH_JWT_SECRET is required when NODE_ENV=production');
  }, 60_000);

  it.each([
    ['api', API],
    ['projector', PROJECTOR],
  ])('refuses to run the %s process on embedded stores, saying why', async (name, entry) => {
    const app = start(entry, { CLICKHOUSE_URL: 'http://127.0.0.1:1' });
    expect((await exitOf(app)).code).toBe(1);
    expect(app.stderr()).toContain(
      `EVENTSTORE_CONNECTION_STRING is required by the ${name} process: the embedded stores run only in the single-process mode (npm start)`,
    );
    expect(app.stderr()).not.toContain('CLICKHOUSE_URL is required');
  }, 60_000);

  it('starts within 30 s with demo tokens, is healthy, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const app = start(TAGSTREAM, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    await app.waitForStdout(/tagstream is ready/, 30_000);

    const url = `http://127.0.0.1:${port}`;
    expect(app.stdout()).toContain(`API docs  ${url}/docs`);
    const roles = [...app.stdout().matchAll(/^ {4}(\w+)(?: \((\w+)\))? +(ey[\w-]+\.[\w-]+\.[\w-]+)$/gm)].map((m) => `${m[1]}/${m[2] ?? '-'}`);
    expect(roles.sort()).toEqual(['admin/-', 'auditor/-', 'ingest/-', 'marketer/demo_fund', 'marketer/other_fund', 'recommender/-']);

    const health = await request(url).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.ready).toBe(true);
    expect((await request(url).get('/docs-json')).status).toBe(200);

    app.child.kill('SIGTERM');
    expect(await exitOf(app)).toEqual({ code: 0, signal: null });
    // the embedded event store logs through the application's structured log
    const storeLines = app
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { context?: string; msg?: string; service?: string })
      .filter((line) => line.context === 'EventStoreServer');
    expect(storeLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['event store listening', 'event store stopped']));
    expect(storeLines.every((line) => line.service === 'tagstream')).toBe(true);
  }, 90_000);
});
