import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the demo secret is kept when AUTH_JWT_SECRET is unset. */
export const DEMO_SECRET_FILE = 'auth-demo.secret';

/**
 * The HS256 secret in use. When AUTH_JWT_SECRET is unset (never in production:
 * the config refuses that) a demo secret is used instead, made once and kept
 * in `DATA_DIR/auth-demo.secret` so that demo tokens stay valid across
 * restarts on the same data, as the start banner promises; `generated` says
 * so, which is the cue to print demo tokens.
 */
export class AuthSecret {
  private constructor(
    readonly value: string,
    readonly generated: boolean,
  ) {}

  static from(configured: string | undefined, dataDir?: string): AuthSecret {
    if (configured) return new AuthSecret(configured, false);
    return new AuthSecret(dataDir === undefined ? randomBytes(32).toString('base64url') : demoSecret(dataDir), true);
  }
}

/** The demo secret under `dataDir`, created (random, 256 bits, mode 0600) the first time. */
function demoSecret(dataDir: string): string {
  const path = join(dataDir, DEMO_SECRET_FILE);
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${path} holds fewer than 32 characters; delete it (demo tokens signed with it stop working) or set AUTH_JWT_SECRET`);
  return secret;
}

/** The demo secret kept under `dataDir`, if the service has made one there; never creates it. */
export function readDemoSecret(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, DEMO_SECRET_FILE), 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
