import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ServiceUnavailableError } from '@tagstream/common';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors';

/** The one error shape of the API (docs/contract.md §6). */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** Unexpected failures: logged with their stack and answered with a generic message. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** Maps anything thrown while serving a request to a status, the error body and headers. Pure, so every case is unit-tested. */
export function toErrorResponse(exception: unknown, request: { method: string; path: string }): MappedError {
  const appError = exception instanceof AppError ? exception : fromBodyParserError(exception);
  if (appError) return fromAppError(appError);
  if (exception instanceof HttpException) return fromHttpException(exception, request);
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: envelope('internal', 'Internal server error', {}),
    headers: {},
    unexpected: true,
  };
}

function fromAppError(error: AppError): MappedError {
  const headers: Record<string, string> = {};
  if (error instanceof ServiceUnavailableError && error.retryAfterSeconds) headers['Retry-After'] = String(Math.ceil(error.retryAfterSeconds));
  if (error.status === HttpStatus.UNAUTHORIZED) headers['WWW-Authenticate'] = 'Bearer realm="tagstream"';
  return { status: error.status, body: envelope(error.code, error.message, error.details ?? {}), headers, unexpected: false };
}

function fromHttpException(exception: HttpException, request: { method: string; path: string }): MappedError {
  const status = exception.getStatus();
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : `http_${status}`);
  const message = status === HttpStatus.NOT_FOUND ? `No route ${request.method} ${request.path}` : httpExceptionMessage(exception);
  return { status, body: envelope(code, message, {}), headers: {}, unexpected: status >= 500 };
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * body-parser reports its failures as errors with a `type`; they reach the
 * filter either directly or through the body-parser error middleware.
 */
export function fromBodyParserError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, limit, length, charset, encoding, status, code } = error as Record<string, unknown>;
  if (type === undefined && status === 400 && isDecompressionFailure(code)) {
    return new InvalidJsonError(`Request body could not be decompressed as its Content-Encoding says: ${(error as Error).message}`, { reason: code });
  }
  switch (type) {
    case 'entity.parse.failed':
      return new InvalidJsonError(`Request body is not valid JSON: ${(error as Error).message}`);
    case 'entity.too.large':
      return new PayloadTooLargeError(`Request body is larger than the limit of ${limit} bytes`, { limitBytes: limit, lengthBytes: length });
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(`Unsupported charset "${String(charset).toUpperCase()}"`, { charset });
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(`Unsupported content encoding "${encoding}"`, { encoding });
    case 'request.size.invalid':
    case 'request.aborted':
      return new InvalidJsonError('Request body was cut short');
    default:
      return undefined;
  }
}

/** zlib (gzip, deflate) and brotli report corrupt input with these codes; body-parser passes them on untyped, as a 400. */
function isDecompressionFailure(code: unknown): boolean {
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_') || code.startsWith('ERR_BROTLI'));
}

function envelope(code: string, message: string, details: unknown): ErrorBody {
  return { error: { code, message, details } };
}
