import { ServiceUnavailableError } from '@tagstream/common';
import type { ClickHouse } from '../clickhouse';
import { ClickHouseQueryError } from '../clickhouse-errors';
import { quoteIdentifier } from '../identifier';
import { MigrationFailedError, MigrationHistoryError } from './migration-errors';
import { loadMigrationFiles, type MigrationFile } from './migration-files';
import { splitStatements } from './split-statements';

export interface MigrationOptions {
  /** Folder of `NNNN_name.sql` files; defaults to `libs/clickhouse/migrations`. */
  directory?: string;
  log?: (message: string) => void;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

const HISTORY_TABLE = 'schema_migrations';

/**
 * Applies the pending migration files in version order, each statement on its
 * own (the same path for chDB and HTTP), and records a file only once all of
 * its statements succeeded. ClickHouse DDL is not transactional: a file that
 * fails half-way is left unrecorded and runs again from its first statement,
 * which is why migrations use `IF NOT EXISTS` / `IF EXISTS` forms.
 * `{db}` in a file stands for the client's database, back-quoted.
 */
export async function runMigrations(ch: ClickHouse, options: MigrationOptions = {}): Promise<AppliedMigration[]> {
  const files = loadMigrationFiles(options.directory);
  const history = await readHistory(ch);
  checkHistory(history, files);
  const recorded = new Set(history.map((m) => m.version));
  const applied: AppliedMigration[] = [];
  for (const file of files.filter((f) => !recorded.has(f.version))) {
    await applyFile(ch, file);
    await record(ch, file);
    options.log?.(`applied ClickHouse migration ${label(file)} to ${ch.database}`);
    applied.push({ version: file.version, name: file.name, checksum: file.checksum });
  }
  return applied;
}

/** What the database says has been applied, oldest first. */
export async function readHistory(ch: ClickHouse): Promise<AppliedMigration[]> {
  const [exists] = await ch.query<{ n: number }>(
    'SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {table:String}',
    { db: ch.database, table: HISTORY_TABLE },
  );
  if (Number(exists.n) === 0) return [];
  return ch.query<AppliedMigration>(
    `SELECT version, name, checksum FROM ${HISTORY_TABLE} FINAL ORDER BY version`,
  );
}

function checkHistory(history: AppliedMigration[], files: MigrationFile[]): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const done of history) {
    const file = byVersion.get(done.version);
    if (!file) {
      throw new MigrationHistoryError(
        `migration ${done.version} (${done.name}) was applied to this database but no file has that version`,
        { version: done.version, name: done.name, reason: 'unknown_version' },
      );
    }
    if (file.checksum !== done.checksum) {
      throw new MigrationHistoryError(
        `migration ${label(file)} was changed after it was applied; add a new migration instead`,
        { version: done.version, name: file.name, reason: 'checksum_changed', applied: done.checksum, found: file.checksum },
      );
    }
  }
}

async function applyFile(ch: ClickHouse, file: MigrationFile): Promise<void> {
  const sql = file.sql.replaceAll('{db}', quoteIdentifier(ch.database, 'database'));
  let statements: string[];
  try {
    statements = splitStatements(sql);
  } catch (err) {
    throw new MigrationFailedError(`migration ${label(file)} cannot be split: ${(err as Error).message}`, {
      version: file.version,
      name: file.name,
    });
  }
  for (const [index, statement] of statements.entries()) {
    try {
      await ch.command(statement);
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err; // retryable as it is
      const clickhouse = err instanceof ClickHouseQueryError ? err : undefined;
      throw new MigrationFailedError(
        `migration ${label(file)} failed at statement ${index + 1} of ${statements.length}: ${(err as Error).message}`,
        {
          version: file.version,
          name: file.name,
          statement: index + 1,
          clickhouseCode: clickhouse?.clickhouseCode,
          clickhouseType: clickhouse?.clickhouseType,
        },
        { cause: err },
      );
    }
  }
}

async function record(ch: ClickHouse, file: MigrationFile): Promise<void> {
  await ch.command(
    `INSERT INTO ${HISTORY_TABLE} (version, name, checksum, applied_at)
     SELECT {version:UInt32}, {name:String}, {checksum:String}, now64(3)`,
    { version: file.version, name: file.name, checksum: file.checksum },
  );
}

function label(file: MigrationFile): string {
  return `${String(file.version).padStart(4, '0')}_${file.name}`;
}
