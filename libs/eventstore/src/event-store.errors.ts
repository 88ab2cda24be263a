import { AppError, ConflictError } from '@tagstream/common';
import type { ExpectedRevision } from './event-store.types';

/** The stream was not at the expected revision: someone else wrote first. */
export class ConcurrencyError extends ConflictError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${stream} is at ${String(actual)}, expected ${String(expected)}`, {
      stream,
      expected: String(expected),
      actual: String(actual),
    });
  }
}

/** The stream was tombstoned (hard-deleted): it can never be read or written again. */
export class StreamDeletedError extends AppError {
  readonly code = 'stream_deleted';
  readonly status = 410;

  constructor(readonly stream: string) {
    super(`stream ${stream} has been deleted`, { stream });
  }
}
