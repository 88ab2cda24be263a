import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { ConfigError } from './config.error';

/**
 * Creates DATA_DIR when missing and checks it is a directory this process can
 * write, so a wrong path stops start-up with a message naming DATA_DIR rather
 * than a raw EEXIST or EACCES from whichever store touches it first.
 */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError([
      { variable: 'DATA_DIR', rule: 'writableDirectory', message: `DATA_DIR must be a directory this process can create and write (got ${JSON.stringify(dir)}: ${reason})` },
    ]);
  }
}
