import type { NextFunction, Request, Response } from 'express';
import { AuthSecret } from './auth-secret';
import { bearerToken, isVersionedApi } from './bearer';
import { PRINCIPAL_KEY } from './current-principal.decorator';
import { verifyToken } from './jwt';

/**
 * Refuses a `/v1` request without a valid bearer token before its body is
 * parsed: nobody without a token can make the service buffer and parse up to
 * HTTP_BODY_LIMIT of JSON (Node only drains what was sent), and a malformed
 * body from such a caller gets 401, not 400. The global guard still decides the role (403) once the route is
 * known; this only answers "who are you" early, and keeps the answer on the
 * request so the guard does not verify the same token a second time.
 */
export function bearerBeforeBodyMiddleware(secret: AuthSecret): (request: Request, response: Response, next: NextFunction) => void {
  return (request, _response, next) => {
    if (!isVersionedApi(request)) return next();
    try {
      (request as unknown as Record<typeof PRINCIPAL_KEY, unknown>)[PRINCIPAL_KEY] = verifyToken(secret.value, bearerToken(request));
      next();
    } catch (error) {
      next(error);
    }
  };
}
