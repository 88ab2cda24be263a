import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `libs/clickhouse/migrations`, next to `src/` (the build copies it beside the compiled lib). */
export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '..', '..', 'migrations');

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface MigrationFile {
  version: number;
  name: string;
  /** sha256 of the file as written, before `{db}` is substituted. */
  checksum: string;
  sql: string;
}

/**
 * Every `.sql` file in the directory, ordered by version. A `.sql` file whose
 * name does not follow `NNNN_name.sql`, or two files with one version, stop the
 * run rather than being skipped silently.
 */
export function loadMigrationFiles(directory: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(directory).filter((f) => f.endsWith('.sql'));
  const migrations = files.map((file) => {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named NNNN_lower_snake_name.sql`);
    const sql = readFileSync(join(directory, file), 'utf8');
    return { version: Number(match[1]), name: match[2], checksum: sha256(sql), sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new Error(`two migration files have version ${migrations[i].version}`);
    }
  }
  return migrations;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
