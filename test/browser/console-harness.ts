import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { freePort, spawnApp, SpawnedApp } from '../support/spawn-app';

const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, 'screenshots');

/** Debian's Chromium, headless, with everything that would reach the network on its own switched off. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DemoToken {
  role: string;
  tenant?: string;
  token: string;
}

export interface RunningService {
  app: SpawnedApp;
  url: string;
  token(role: string, tenant?: string): string;
}

/** Builds the console when it is missing or stale, the way `npm start` does. */
export async function ensureConsoleBuilt(): Promise<void> {
  await run(process.execPath, [join(ROOT, 'apps', 'console', 'scripts', 'ensure-console-built.js')], 180_000);
}

/**
 * `npm start` on a fresh DATA_DIR, with the demo tokens it offers the console's sign-in page.
 *
 * The difference check is off: the walk-through refines one segment step by step on 1 500 users
 * (e.g. `active`, then `active AND NOT risk:C1`), and steps that change the audience by fewer than
 * the floor are exactly what the check withholds; these tests are about the console's screens, and
 * the check has its own suite (test/e2e/privacy-difference.e2e-spec.ts).
 */
export async function startService(): Promise<RunningService> {
  const port = await freePort();
  const app = spawnApp('apps/tagstream/src/main.ts', { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DIFFERENCE_CHECK: 'off' });
  await app.waitForStdout(/tagstream is ready/, 90_000);
  const url = `http://127.0.0.1:${port}`;
  const { tokens } = (await (await fetch(`${url}/console/demo-tokens`)).json()) as { tokens: DemoToken[] };
  return {
    app,
    url,
    token(role, tenant) {
      const found = tokens.find((t) => t.role === role && (tenant === undefined || t.tenant === tenant));
      if (!found) throw new Error(`no demo token for ${role} ${tenant ?? ''}`);
      return found.token;
    },
  };
}

/** The seed generator posting through `POST /v1/events`, as an ingest client would. */
export async function seed(service: RunningService, users: number, days: number): Promise<void> {
  const args = ['-r', 'ts-node/register', 'apps/seed/src/main.ts', '--users', String(users), '--days', String(days), '--target', service.url, '--token', service.token('ingest')];
  await run(process.execPath, args, 300_000);
}

/**
 * Waits until everything appended so far is visible in the labels: appends a
 * marker event after the seed and waits for its user to show up. The
 * projection applies events in store order, so the marker being visible means
 * every earlier event is too.
 */
export async function waitForProjection(service: RunningService, timeoutMs: number): Promise<void> {
  const userId = `console-e2e-marker-${randomUUID().slice(0, 8)}`;
  const event = { eventId: randomUUID(), type: 'SessionStarted', userId, occurredAt: new Date().toISOString(), data: { device: 'web', region: 'e2e' } };
  await api(service, service.token('ingest'), '/v1/events', { method: 'POST', body: { events: [event] } });
  const recommender = service.token('recommender');
  await pollUntil(
    async () => {
      const tags = await api<{ activity: { tag: string; last7d: number }[] }>(service, recommender, `/v1/users/${userId}/tags`);
      return tags.activity.some((a) => a.tag === 'active' && a.last7d > 0) ? true : undefined;
    },
    'the projection to reach a marker appended after the seed',
    timeoutMs,
    500,
  );
}

export async function api<T>(service: RunningService, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${service.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Polls until `probe` returns a value (not undefined), at most `timeoutMs`: a bounded poll, no fixed sleep. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, description: string, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${last ? `: ${String(last)}` : ''}`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'tagstream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new Error(`${args.join(' ')} ended with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
}
