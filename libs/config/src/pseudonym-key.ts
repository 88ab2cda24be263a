import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.error';

export const PSEUDONYM_KEY_FILE = 'pseudonym.key';
const MIN_KEY_LENGTH = 32;

/**
 * Returns the key kept in `<dataDir>/pseudonym.key`, creating it (random, 256
 * bits, mode 0600) the first time. Keeping it on disk makes pseudonymous ids
 * stable across restarts of the single-process mode; deployments with several
 * API replicas must set PSEUDONYM_KEY instead so every replica agrees.
 */
export function resolvePseudonymKey(dataDir: string): string {
  const path = join(dataDir, PSEUDONYM_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < MIN_KEY_LENGTH) {
    throw new ConfigError([
      {
        variable: 'PSEUDONYM_KEY',
        rule: 'minLength',
        message: `PSEUDONYM_KEY is unset and ${path} holds fewer than ${MIN_KEY_LENGTH} characters; delete the file or set PSEUDONYM_KEY`,
      },
    ]);
  }
  return key;
}
