import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { DATA_DIR_LOCK_FILE, lockDataDir } from './data-dir-lock';

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tagstream-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lockFile = () => join(dir, DATA_DIR_LOCK_FILE);

  it('writes its pid and removes the file on release', () => {
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a directory held by a running process, naming the directory and the pid, and leaves the lock alone', () => {
    const holder = process.ppid;
    writeFileSync(lockFile(), `${holder}\n`);
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'DATA_DIR', rule: 'notInUse', message: `DATA_DIR ${dir} is in use by process ${holder} (lock file ${lockFile()}); stop that process or choose another DATA_DIR` },
    ]);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${holder}\n`);
  });

  it.each([
    ['a dead pid', () => `${deadPid()}\n`],
    ['no pid at all', () => 'garbage'],
  ])('takes over a stale lock holding %s', (_, content) => {
    writeFileSync(lockFile(), content());
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it("does not release another process's lock", () => {
    const lock = lockDataDir(dir);
    writeFileSync(lockFile(), `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.ppid}\n`);
  });
});
