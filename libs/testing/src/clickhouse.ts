import { randomBytes } from 'node:crypto';
import { rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouse, chdbOpenPath, runMigrations } from '@tagstream/clickhouse';

/**
 * The data directory every embedded store of this test process uses: chDB
 * binds one directory per process, so an app booted by an e2e test and the
 * databases made by `createTestClickHouse` must share it.
 */
export function testDataDir(): string {
  return join(tmpdir(), `tagstream-test-${process.pid}`);
}

/**
 * Removes the test data directory once no chDB session of the process is open
 * on it (Jest's sandboxed `process` never sees an exit event, so cleanup
 * happens here rather than at exit). An e2e test calls it after closing its app.
 */
export function removeTestDataDir(): void {
  if (chdbOpenPath() !== undefined) return;
  rmSync(join(testDataDir(), 'clickhouse'), { recursive: true, force: true });
  try {
    rmdirSync(testDataDir()); // only when nothing else (an event store, say) left files there
  } catch {
    // not empty or already gone
  }
}

/** A database name no other test of any process uses. */
export function uniqueTestDatabase(prefix = 'test'): string {
  return `${prefix}_${process.pid}_${randomBytes(6).toString('hex')}`;
}

/**
 * A fresh, migrated database for one test: on the process's chDB engine, or on
 * the server at `CLICKHOUSE_URL` when that is set.
 */
export async function createTestClickHouse(): Promise<ClickHouse> {
  const ch = await ClickHouse.connect({
    url: process.env.CLICKHOUSE_URL || undefined,
    user: process.env.CLICKHOUSE_USER,
    password: process.env.CLICKHOUSE_PASSWORD,
    database: uniqueTestDatabase(),
    dataDir: testDataDir(),
  });
  try {
    await runMigrations(ch);
  } catch (err) {
    await dropTestClickHouse(ch);
    throw err;
  }
  return ch;
}

/** Drops the test's database and closes its client; safe to call twice. */
export async function dropTestClickHouse(ch: ClickHouse): Promise<void> {
  try {
    await ch.command(`DROP DATABASE IF EXISTS \`${ch.database}\``);
  } catch {
    // already closed: nothing left to drop through this client
  } finally {
    await ch.close();
    removeTestDataDir();
  }
}
