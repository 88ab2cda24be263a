import { ErrorType, isCommandError } from '@eventstore/db-client';
import { ServiceUnavailableError, ValidationFailedError } from '@tagstream/common';
import { ConcurrencyError, StreamDeletedError } from './event-store.errors';
import type { ExpectedRevision } from './event-store.types';

const UNAVAILABLE_TYPES = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

/** Turns a `@eventstore/db-client` error into the project's typed errors; anything else passes through. */
export function mapClientError(error: unknown, stream?: string): unknown {
  if (!(error instanceof Error) || !isCommandError(error)) {
    if (isConnectionFailure(error)) {
      return new ServiceUnavailableError('event store unreachable', undefined, { cause: error });
    }
    return error;
  }
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new ConcurrencyError(
        error.streamName || stream || '',
        error.expectedVersion as ExpectedRevision,
        error.actualVersion as bigint | 'no_stream',
      );
    case ErrorType.STREAM_DELETED:
      return new StreamDeletedError(error.streamName || stream || '');
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new ValidationFailedError(`append to ${stream ?? 'stream'} exceeds ${error.maxAppendSize} bytes`, [
        { path: 'events', rule: 'max_append_size', message: `at most ${error.maxAppendSize} bytes in one append` },
      ]);
  }
  if (UNAVAILABLE_TYPES.has(error.type)) {
    return new ServiceUnavailableError(`event store unavailable: ${error.message}`, undefined, { cause: error });
  }
  return error;
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 14;
}
