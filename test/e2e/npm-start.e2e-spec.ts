import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { CONFIG_VARIABLE_NAMES, DATA_DIR_LOCK_FILE } from '@tagstream/config';
import { freePort, spawnApp, SpawnedApp } from '../support/spawn-app';
import { waitUntil } from '../support/wait-until';

const ROOT = resolve(__dirname, '..', '..');
const TAGSTREAM = 'apps/tagstream/src/main.ts';

interface NpmStart {
  npm: ChildProcess;
  output(): string;
  /** Resolves once nobody holds the output pipe any more: npm and everything it started have exited. */
  outputClosed: Promise<void>;
}

/**
 * `npm start` exactly as the README runs it, minus `prestart` (`--ignore-scripts`
 * skips only the pre/post scripts): building the console is not what is under
 * test and costs a minute of CPU on a fresh checkout.
 */
function npmStart(env: Record<string, string>): NpmStart {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLE_NAMES) delete childEnv[name];
  const npm = spawn('npm', ['start', '--ignore-scripts'], { cwd: ROOT, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout!.on('data', (chunk) => (out += String(chunk)));
  npm.stderr!.on('data', (chunk) => (out += String(chunk)));
  const outputClosed = new Promise<void>((done) => npm.stdout!.once('close', () => done()));
  return { npm, output: () => out, outputClosed };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every file under `dir` with its size and modification time. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(join(dir, name));
      return `${name} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    });
}

describe('npm start: one service that stops as a whole and owns its DATA_DIR', () => {
  let dataDir: string;
  let started: NpmStart | undefined;
  let serverPid: number | undefined;
  const spawned: SpawnedApp[] = [];

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'tagstream-npm-'))));
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((app) => app.cleanup()));
    // A server left behind by a failed test must not keep running.
    if (serverPid !== undefined && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    if (started && started.npm.exitCode === null && started.npm.signalCode === null) started.npm.kill('SIGKILL');
    started = undefined;
    serverPid = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startService(): Promise<{ url: string; pid: number }> {
    const port = await freePort();
    started = npmStart({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const s = started;
    await waitUntil(() => /tagstream is ready/.test(s.output()) || s.npm.exitCode !== null, 'tagstream is ready', 60_000);
    expect(s.output()).toMatch(/tagstream is ready/);
    serverPid = Number(readFileSync(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8').trim());
    return { url: `http://127.0.0.1:${port}`, pid: serverPid };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('stops the whole service, cleanly, on %s to the npm process', async (signal) => {
    const { url, pid } = await startService();
    expect(pid).not.toBe(started!.npm.pid);
    expect((await request(url).get('/health')).status).toBe(200);

    started!.npm.kill(signal);
    await waitUntil(() => !isRunning(pid), `server process ${pid} to exit`, 30_000);
    await started!.outputClosed;
    expect(started!.output()).toContain('"msg":"stopped cleanly"');
    expect(readdirSync(dataDir)).not.toContain(DATA_DIR_LOCK_FILE);
  }, 120_000);

  it('stops cleanly on SIGTERM sent the moment it is ready, while its projections are still starting', async () => {
    const app = spawnApp(TAGSTREAM, { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
    spawned.push(app);
    await app.waitForStdout(/tagstream is ready/, 60_000);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toContain('"msg":"stopped cleanly"');
  }, 120_000);

  it('refuses a second process on a DATA_DIR in use before touching any file, naming the directory and the pid', async () => {
    const { url, pid } = await startService();
    const second = spawnApp(TAGSTREAM, { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
    spawned.push(second);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toContain(`tagstream: DATA_DIR is in use, not starting:`);
    expect(second.stderr()).toContain(`DATA_DIR ${dataDir} is in use by process ${pid}`);
    expect((await request(url).get('/health')).status).toBe(200);

    // The running service keeps writing its own files, so "nothing touched" is checked on a directory
    // that nothing else writes: held by a live process (this one) and otherwise empty.
    const held = mkdtempSync(join(tmpdir(), 'tagstream-held-'));
    writeFileSync(join(held, DATA_DIR_LOCK_FILE), `${process.pid}\n`);
    const before = listing(held);
    const third = spawnApp(TAGSTREAM, { DATA_DIR: held, PORT: String(await freePort()), HOST: '127.0.0.1' });
    spawned.push(third);
    expect(await third.exited).toEqual({ code: 1, signal: null });
    expect(third.stderr()).toContain(`DATA_DIR ${held} is in use by process ${process.pid}`);
    expect(listing(held)).toEqual(before);
    rmSync(held, { recursive: true, force: true });
  }, 120_000);

  it('starts on a DATA_DIR whose lock was left by a process that is gone', async () => {
    const { pid } = await startService();
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isRunning(pid), `server process ${pid} to exit`, 30_000);
    expect(readFileSync(join(dataDir, DATA_DIR_LOCK_FILE), 'utf8').trim()).toBe(String(pid));

    const again = spawnApp(TAGSTREAM, { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
    spawned.push(again);
    await again.waitForStdout(/tagstream is ready/, 60_000);
  }, 120_000);
});
