import { AppError } from '@tagstream/common';

/**
 * The database's record of applied migrations disagrees with the files: an
 * applied file was edited, or the database was migrated by newer code.
 * Nothing is applied; the fix is a new numbered file, never an edit.
 */
export class MigrationHistoryError extends AppError {
  readonly code = 'migration_history_mismatch';
  readonly status = 500;
}

/** A statement of a migration failed; the migration is not recorded as applied. */
export class MigrationFailedError extends AppError {
  readonly code = 'migration_failed';
  readonly status = 500;
}
