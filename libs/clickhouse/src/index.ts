export { ClickHouse, type ClickHouseBackend } from './clickhouse';
export type { ClickHouseOptions, QueryParams, PingResult } from './clickhouse-options';
export { ClickHouseQueryError, ClickHouseUnavailableError, type ClickHouseErrorDetails } from './clickhouse-errors';
export { assertIdentifier } from './identifier';
export {
  ClickHouseModule,
  type ClickHouseModuleOptions,
  type ClickHouseModuleAsyncOptions,
} from './clickhouse.module';
export { runMigrations, readHistory, type AppliedMigration, type MigrationOptions } from './migrations/migration-runner';
export { DEFAULT_MIGRATIONS_DIR } from './migrations/migration-files';
export { MigrationFailedError, MigrationHistoryError } from './migrations/migration-errors';
export { chdbOpenPath } from './chdb-engine';
