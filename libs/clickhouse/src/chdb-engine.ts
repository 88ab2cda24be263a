import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Session } from 'chdb';
import { ChdbConnection, createChdbConnection } from 'chdb/connection';

/**
 * chDB runs one engine per process, bound to one data directory. Every
 * `ClickHouse` in the process on that directory gets its own session (its own
 * current database) on the shared engine; asking for a second directory while
 * the first is in use is refused here with a message that names both, instead
 * of chDB's lower-level error. The engine is released when the last session on
 * it closes, after which any directory may be opened.
 */
let openPath: string | undefined;
let openSessions = 0;

export interface ChdbHandle {
  readonly path: string;
  readonly connection: ChdbConnection;
  /** A separate Layer 1 session on the same engine, for streamed reads (one stream per session). */
  openStreamSession(): Session;
  /** Idempotent. */
  release(): Promise<void>;
}

export function acquireChdb(dataDir: string): ChdbHandle {
  const path = resolve(dataDir);
  if (openPath !== undefined && openPath !== path) {
    throw new Error(
      `chDB is already open on ${openPath} in this process and cannot also open ${path}: ` +
        'one data directory per process (use another database name on the same directory instead)',
    );
  }
  mkdirSync(path, { recursive: true });
  const connection = createChdbConnection({ path });
  openPath = path;
  openSessions += 1;
  let released = false;
  return {
    path,
    connection,
    openStreamSession: () => new Session(path),
    async release() {
      if (released) return;
      released = true;
      try {
        await connection.close();
      } finally {
        openSessions -= 1;
        if (openSessions === 0) openPath = undefined;
      }
    },
  };
}

/** The directory the process's chDB engine is bound to, if any session is open. */
export function chdbOpenPath(): string | undefined {
  return openPath;
}
