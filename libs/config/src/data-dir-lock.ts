import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.error';

export const DATA_DIR_LOCK_FILE = 'tagstream.lock';

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's; also done when the process exits. */
  release(): void;
}

/**
 * Claims DATA_DIR for this process with `<DATA_DIR>/tagstream.lock` holding
 * its pid, before any store opens a file there: two processes on one event
 * log or one chDB directory corrupt or refuse each other half-way through
 * start-up. A lock whose pid no longer runs (a process that was killed) is
 * taken over; one whose pid runs refuses with the directory and the pid.
 */
export function lockDataDir(dir: string, pid = process.pid): DataDirLock {
  const path = join(dir, DATA_DIR_LOCK_FILE);
  if (!tryCreate(path, pid)) {
    const holder = readHolder(path);
    if (holder !== undefined && holder !== pid && isRunning(holder)) throw inUse(dir, holder, path);
    // Stale: its process is gone. Two processes taking it over at once race on the create below; one loses.
    unlinkQuietly(path);
    if (!tryCreate(path, pid)) throw inUse(dir, readHolder(path), path);
  }
  const release = () => {
    if (readHolder(path) === pid) unlinkQuietly(path);
  };
  process.once('exit', release);
  return { path, release };
}

function tryCreate(path: string, pid: number): boolean {
  try {
    writeFileSync(path, `${pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readHolder(path: string): number | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function inUse(dir: string, pid: number | undefined, path: string): ConfigError {
  const by = pid === undefined ? 'another process' : `process ${pid}`;
  return new ConfigError([
    {
      variable: 'DATA_DIR',
      rule: 'notInUse',
      message: `DATA_DIR ${dir} is in use by ${by} (lock file ${path}); stop that process or choose another DATA_DIR`,
    },
  ]);
}
