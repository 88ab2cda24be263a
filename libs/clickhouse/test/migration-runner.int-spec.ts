import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClickHouse,
  DEFAULT_MIGRATIONS_DIR,
  MigrationFailedError,
  MigrationHistoryError,
  readHistory,
  runMigrations,
} from '@tagstream/clickhouse';
import { dropTestClickHouse, rejection, testDataDir, uniqueTestDatabase } from '@tagstream/testing';

const FIRST = '0001_schema_migrations.sql';

describe('runMigrations', () => {
  let dir: string;
  let ch: ClickHouse;

  const write = (file: string, sql: string) => writeFileSync(join(dir, file), sql);
  const tables = async () =>
    (await ch.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: ch.database }))
      .map((t) => t.name);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tagstream-migrations-'));
    copyFileSync(join(DEFAULT_MIGRATIONS_DIR, FIRST), join(dir, FIRST));
    // a fresh database the runner has not touched yet
    ch = await ClickHouse.connect({ database: uniqueTestDatabase(), dataDir: testDataDir() });
  });

  afterEach(async () => {
    await dropTestClickHouse(ch);
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies pending files in version order and records version, name, checksum and time', async () => {
    // 0003 reads a table 0002 creates: it only works in order
    write('0003_fill_b.sql', 'CREATE TABLE IF NOT EXISTS {db}.b ENGINE = MergeTree ORDER BY x AS SELECT x FROM {db}.a;');
    write('0002_create_a.sql', 'CREATE TABLE IF NOT EXISTS {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x;\nINSERT INTO {db}.a VALUES (1), (2);\n');

    const applied = await runMigrations(ch, { directory: dir });

    expect(applied.map((m) => [m.version, m.name])).toEqual([[1, 'schema_migrations'], [2, 'create_a'], [3, 'fill_b']]);
    expect(await ch.query('SELECT x FROM b ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
    const rows = await ch.query<{ version: number; name: string; checksum: string; applied_at: string }>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.checksum)).toEqual(applied.map((m) => m.checksum));
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.now() - Date.parse(`${row.applied_at.replace(' ', 'T')}Z`)).toBeLessThan(60_000);
    }
  });

  it('is idempotent: a second run applies nothing and records nothing new', async () => {
    write('0002_create_a.sql', 'CREATE TABLE {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x');
    await runMigrations(ch, { directory: dir });
    expect(await runMigrations(ch, { directory: dir })).toEqual([]);
    expect(await ch.query('SELECT count() AS n FROM schema_migrations')).toEqual([{ n: '2' }]);
  });

  it('applies only the new file when one is added later', async () => {
    await runMigrations(ch, { directory: dir });
    write('0002_create_a.sql', 'CREATE TABLE {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x');
    expect((await runMigrations(ch, { directory: dir })).map((m) => m.version)).toEqual([2]);
    expect((await readHistory(ch)).map((m) => m.version)).toEqual([1, 2]);
  });

  it('refuses to run when an applied file was changed, applying nothing', async () => {
    write('0002_create_a.sql', 'CREATE TABLE {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x');
    await runMigrations(ch, { directory: dir });
    write('0002_create_a.sql', 'CREATE TABLE {db}.a (x UInt16) ENGINE = MergeTree ORDER BY x');
    write('0003_create_c.sql', 'CREATE TABLE {db}.c (x UInt8) ENGINE = MergeTree ORDER BY x');

    const err = await rejection(runMigrations(ch, { directory: dir }));

    expect(err).toBeInstanceOf(MigrationHistoryError);
    expect(err).toMatchObject({ code: 'migration_history_mismatch', details: { version: 2, reason: 'checksum_changed' } });
    expect(await tables()).toEqual(['a', 'schema_migrations']);
  });

  it('refuses a database migrated by files this code does not have', async () => {
    write('0002_create_a.sql', 'CREATE TABLE {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x');
    await runMigrations(ch, { directory: dir });
    rmSync(join(dir, '0002_create_a.sql'));
    const err = await rejection(runMigrations(ch, { directory: dir }));
    expect(err).toMatchObject({ code: 'migration_history_mismatch', details: { version: 2, reason: 'unknown_version' } });
  });

  it('stops at a failing statement, records only the files that completed, and resumes once fixed', async () => {
    write('0002_create_a.sql', 'CREATE TABLE IF NOT EXISTS {db}.a (x UInt8) ENGINE = MergeTree ORDER BY x');
    write('0003_broken.sql', 'CREATE TABLE IF NOT EXISTS {db}.b (x UInt8) ENGINE = MergeTree ORDER BY x;\nCREAT TABLE {db}.c (x UInt8);');
    write('0004_after.sql', 'CREATE TABLE IF NOT EXISTS {db}.d (x UInt8) ENGINE = MergeTree ORDER BY x');

    const err = await rejection(runMigrations(ch, { directory: dir }));

    expect(err).toBeInstanceOf(MigrationFailedError);
    expect(err).toMatchObject({
      code: 'migration_failed',
      details: { version: 3, name: 'broken', statement: 2, clickhouseCode: 62, clickhouseType: 'SYNTAX_ERROR' },
    });
    expect((await readHistory(ch)).map((m) => m.version)).toEqual([1, 2]);
    expect(await tables()).toEqual(['a', 'b', 'schema_migrations']);

    write('0003_broken.sql', 'CREATE TABLE IF NOT EXISTS {db}.b (x UInt8) ENGINE = MergeTree ORDER BY x;\nCREATE TABLE IF NOT EXISTS {db}.c (x UInt8) ENGINE = MergeTree ORDER BY x;');
    expect((await runMigrations(ch, { directory: dir })).map((m) => m.version)).toEqual([3, 4]);
    expect(await tables()).toEqual(['a', 'b', 'c', 'd', 'schema_migrations']);
  });

  it('refuses a misnamed migration file instead of skipping it', async () => {
    write('2_create_a.sql', 'SELECT 1');
    await expect(runMigrations(ch, { directory: dir })).rejects.toThrow(/2_create_a\.sql must be named NNNN_lower_snake_name\.sql/);
    expect(await readHistory(ch)).toEqual([]);
  });

  it('applies the project migrations to a fresh database', async () => {
    const applied = await runMigrations(ch);
    expect(applied[0]).toMatchObject({ version: 1, name: 'schema_migrations' });
    expect(await runMigrations(ch)).toEqual([]);
  });
});
