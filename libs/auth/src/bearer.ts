import { UnauthorizedError, ValidationFailedError } from '@tagstream/common';

interface RequestLike {
  path: string;
  route?: { path?: string };
  headers: Record<string, string | string[] | undefined>;
  /** Node's view with every repeat of a header kept (`headers` keeps only the first Authorization). */
  headersDistinct?: Record<string, string[] | undefined>;
}

// Express matches routes case-insensitively, so `/V1/events` reaches the
// `/v1/events` handler: decide on the matched route pattern and on the
// lower-cased path, never on the raw path alone.
export function isVersionedApi(request: RequestLike): boolean {
  const underV1 = (path: string | undefined) => path !== undefined && /^\/v1(\/|$)/.test(path.toLowerCase());
  return underV1(request.route?.path) || underV1(request.path);
}

/** The token of an `Authorization: Bearer <token>` header; 401 when it is missing or malformed. */
export function bearerToken(request: RequestLike): string {
  refuseRepeatedAuthorization(request);
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) throw new UnauthorizedError('Missing bearer token');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
  return match[1];
}

// Node keeps the first of two Authorization headers and drops the second, so
// a proxy that adds its own header in front of the caller's would decide who
// the caller is. Two credentials are ambiguous: the request is refused.
function refuseRepeatedAuthorization(request: RequestLike): void {
  const count = request.headersDistinct?.authorization?.length ?? 0;
  if (count <= 1) return;
  const message = `Request has ${count} Authorization headers; send exactly one`;
  throw new ValidationFailedError(message, [{ path: 'headers.authorization', rule: 'singleHeader', message }]);
}
