import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_VARIABLE_NAMES } from '@tagstream/config';

const ROOT = resolve(__dirname, '..', '..');

export interface SpawnedApp {
  child: ChildProcess;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until stdout matches, failing early if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Kills the process if it still runs and removes its DATA_DIR. */
  cleanup(): Promise<void>;
}

/**
 * Starts an app entry point (e.g. `apps/tagstream/src/main.ts`) as its own
 * Node process, the way `npm start` does, with a fresh DATA_DIR and none of
 * the caller's configuration variables.
 */
export function spawnApp(entry: string, env: Record<string, string> = {}): SpawnedApp {
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-proc-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLE_NAMES) delete childEnv[name];
  const child = spawn(process.execPath, ['-r', 'ts-node/register', entry], {
    cwd: ROOT,
    env: { ...childEnv, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );

  const waitForStdout = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return;
        stop();
        done(match);
      };
      const timer = setTimeout(() => (stop(), fail(new Error(`no ${pattern} on stdout within ${timeoutMs} ms:\n${out}\n${err}`))), timeoutMs);
      const onExit = () => (stop(), fail(new Error(`process exited before printing ${pattern}:\n${out}\n${err}`)));
      const stop = () => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('exit', onExit);
      };
      child.stdout!.on('data', check);
      child.once('exit', onExit);
      check();
    });

  return {
    child,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout,
    cleanup: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port that was free a moment ago (PORT must be 1-65535, so 0 cannot be passed through). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
