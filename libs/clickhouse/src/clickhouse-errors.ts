import { AppError, ServiceUnavailableError } from '@tagstream/common';

/** ClickHouse error codes that mean "try again later", not "your query is wrong". */
const UNAVAILABLE_CODES = new Set([
  159, // TIMEOUT_EXCEEDED
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  242, // TABLE_IS_READ_ONLY (replica lost its keeper session)
  425, // SYSTEM_ERROR
]);

const NETWORK_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** chDB's own error classes for an engine that is gone or busy. */
const CHDB_UNAVAILABLE = new Set(['ChdbConnectionError', 'ChdbClosedError', 'ChdbTimeoutError', 'ChdbAbortError']);

export interface ClickHouseErrorDetails {
  clickhouseCode?: number;
  clickhouseType?: string;
}

/** The engine rejected a statement (syntax, unknown table, bad parameter...). Not retryable. */
export class ClickHouseQueryError extends AppError {
  readonly code = 'clickhouse_query_failed';
  readonly status = 500;
  constructor(
    message: string,
    readonly clickhouseCode: number | undefined,
    readonly clickhouseType: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, { clickhouseCode, clickhouseType }, options);
  }
}

/** ClickHouse could not be reached or timed out; the same request may be retried. */
export class ClickHouseUnavailableError extends ServiceUnavailableError {
  readonly clickhouseCode: number | undefined;
  readonly clickhouseType: string | undefined;
  override readonly details: { retryable: true } & ClickHouseErrorDetails;

  constructor(message: string, info: ClickHouseErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, undefined, options);
    this.clickhouseCode = info.clickhouseCode;
    this.clickhouseType = info.clickhouseType;
    this.details = { retryable: true, ...info };
  }
}

interface ParsedClickHouseError {
  code: number;
  type: string | undefined;
  message: string;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  message: string;
}

/** Errors from Node's own modules are not `instanceof Error` inside Jest's sandbox, so errors are recognised by shape. */
function asErrorLike(err: unknown): ErrorLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' ? (err as ErrorLike) : undefined;
}

const SERVER_MESSAGE = /Code: (\d+)\. DB::Exception: [\s\S]*?\(([A-Z][A-Z0-9_]*)\)/;

/**
 * `@clickhouse/client` and `chdb/connection` each carry their own copy of
 * `ClickHouseError` (so `instanceof` is unreliable), and chDB's streaming
 * errors keep the engine's code only in the message text.
 */
function asClickHouseError(err: ErrorLike): ParsedClickHouseError | undefined {
  if (typeof err.code === 'string' && /^\d+$/.test(err.code)) {
    return { code: Number(err.code), type: typeof err.type === 'string' ? err.type : undefined, message: err.message };
  }
  const match = SERVER_MESSAGE.exec(err.message);
  return match ? { code: Number(match[1]), type: match[2], message: err.message } : undefined;
}

function isNetworkFailure(err: ErrorLike): boolean {
  if (typeof err.code === 'string' && NETWORK_ERRNO.has(err.code)) return true;
  if (typeof err.name === 'string' && CHDB_UNAVAILABLE.has(err.name)) return true;
  return /timeout|socket hang up|connection is closed/i.test(err.message);
}

/**
 * Maps whatever the client or engine threw to a typed error. Errors that are
 * neither ClickHouse's nor the network's (a bad parameter value rejected by
 * the client before sending, for instance) are programming errors and pass through.
 */
export function mapClickHouseError(err: unknown, what: string): unknown {
  if (err instanceof AppError) return err;
  const like = asErrorLike(err);
  if (!like) return err;
  const ch = asClickHouseError(like);
  if (ch) {
    const info = { clickhouseCode: ch.code, clickhouseType: ch.type };
    if (UNAVAILABLE_CODES.has(ch.code)) {
      return new ClickHouseUnavailableError(`ClickHouse unavailable during ${what}: ${ch.message}`, info, { cause: err });
    }
    return new ClickHouseQueryError(`ClickHouse rejected ${what}: ${ch.message}`, ch.code, ch.type, { cause: err });
  }
  if (isNetworkFailure(like)) {
    return new ClickHouseUnavailableError(`ClickHouse unreachable during ${what}: ${like.message}`, {}, { cause: err });
  }
  return err;
}
