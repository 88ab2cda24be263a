import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { CONFIG_VARIABLE_NAMES } from '@tagstream/config';
import { freePort, spawnApp, SpawnedApp } from '../support/spawn-app';
import { createTestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');
const TAGSTREAM = 'apps/tagstream/src/main.ts';
const SECRET = 'a-configured-secret-of-at-least-32-characters';
const JWT = /ey[\w-]+\.[\w-]+\.[\w-]+/g;

/** `npm run token -- …` as the README documents it. */
function mintToken(args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLE_NAMES) delete childEnv[name];
  const result = spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { cwd: ROOT, env: { ...childEnv, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tokens', () => {
  describe('npm run token', () => {
    it('mints a token the service accepts, for the role, tenant and days asked', async () => {
      const minted = mintToken(['--role', 'marketer', '--tenant', 'acme_fund', '--days', '7', '--sub', 'jane'], { AUTH_JWT_SECRET: SECRET });
      expect(minted.stderr).toBe('');
      expect(minted.code).toBe(0);
      const token = minted.stdout.trim();
      expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      expect(claims).toMatchObject({ sub: 'jane', role: 'marketer', tenant: 'acme_fund' });
      expect(claims.exp - claims.iat).toBe(7 * 86400);

      const t = await createTestApp({ env: { AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn' } });
      try {
        const response = await request(t.server).get('/v1/segments').set('Authorization', `Bearer ${token}`);
        expect(response.status).toBe(200);
      } finally {
        await t.close();
      }
    }, 60_000);

    it.each([
      [['--role', 'marketer', '--days', '7'], '--tenant is required for role marketer'],
      [['--role', 'wizard', '--days', '7'], '--role must be one of ingest, marketer, recommender, auditor, admin'],
      [['--role', 'auditor', '--days', '0'], '--days must be a number of days greater than 0'],
      [['--role', 'marketer', '--tenant', 'Not A Tenant'], '--tenant must match'],
      [['--role', 'auditor', '--bogus', 'x'], 'unknown option --bogus'],
    ])('refuses %j with a message naming the option', (args, message) => {
      const minted = mintToken(args, { AUTH_JWT_SECRET: SECRET });
      expect(minted.code).toBe(2);
      expect(minted.stdout).toBe('');
      expect(minted.stderr).toContain(message);
    });

    it('says which secret is missing when there is none to sign with', () => {
      const dir = mkdtempSync(join(tmpdir(), 'tagstream-token-'));
      try {
        const minted = mintToken(['--role', 'auditor'], { DATA_DIR: dir });
        expect(minted.code).toBe(2);
        expect(minted.stderr).toContain('AUTH_JWT_SECRET is unset');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('demo tokens', () => {
    const spawned: SpawnedApp[] = [];
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'tagstream-demo-'))));
    afterEach(async () => {
      await Promise.all(spawned.splice(0).map((app) => app.cleanup()));
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function start(): Promise<{ app: SpawnedApp; url: string }> {
      const port = await freePort();
      const app = spawnApp(TAGSTREAM, { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      spawned.push(app);
      await app.waitForStdout(/tagstream is ready/, 60_000);
      return { app, url: `http://127.0.0.1:${port}` };
    }

    async function stop(app: SpawnedApp): Promise<void> {
      app.child.kill('SIGTERM');
      expect(await app.exited).toEqual({ code: 0, signal: null });
    }

    it('stay valid across a restart on the same DATA_DIR, as the banner says, and never reach the JSON log', async () => {
      const first = await start();
      const banner = first.app.stdout().split('\n').filter((line) => !line.startsWith('{'));
      expect(banner.join('\n')).toMatch(/valid 7 days/);
      const auditor = banner.find((line) => /^ {4}auditor /.test(line))!.trim().split(/\s+/)[1];
      const jsonLines = first.app.stdout().split('\n').filter((line) => line.startsWith('{'));
      expect(jsonLines.length).toBeGreaterThan(0);
      expect(jsonLines.join('\n').match(JWT)).toBeNull();
      await stop(first.app);

      const second = await start();
      expect((await request(second.url).get('/v1/audit').set('Authorization', `Bearer ${auditor}`)).status).toBe(200);
    }, 120_000);
  });
});
