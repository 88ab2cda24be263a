import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { fromBodyParserError } from './error-response';
import { UnsupportedMediaTypeError } from './http-errors';
import { REQUEST_ID_HEADER, runInRequestContext, sanitizeRequestId } from './request-context';

type Middleware = (request: Request, response: Response, next: NextFunction) => void;
type ErrorMiddleware = (error: unknown, request: Request, response: Response, next: NextFunction) => void;

/** Called once per finished (or abandoned) request, e.g. to feed the duration histogram. */
export type RequestObserver = (method: string, route: string | undefined, status: number, seconds: number) => void;

/** HTTP has no status for "the client went away"; 499 is the common convention in access logs. */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * First middleware of every request: fixes its id (caller's, sanitised, or a
 * new one), echoes it, runs the rest of the request inside its context, and
 * writes one access line when the response is done. The line names the route
 * pattern, never the raw path, which can hold a platform user id.
 */
export function requestContextMiddleware(logger: Logger, observe?: RequestObserver): Middleware {
  return (request, response, next) => {
    const requestId = sanitizeRequestId(request.headers[REQUEST_ID_HEADER]);
    response.locals.requestId = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();

    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = response.writableFinished ? response.statusCode : CLIENT_CLOSED_REQUEST;
      const route = routePattern(request);
      observe?.(request.method, route, status, seconds);
      const line = { requestId, method: request.method, route: route ?? null, status, durationMs: Math.round(seconds * 1e4) / 10 };
      if (status >= 500) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });

    runInRequestContext({ requestId }, next);
  };
}

/** Turns body-parser failures into typed errors before Nest's error handler sees them. */
export function bodyParserErrorMiddleware(): ErrorMiddleware {
  return (error, _request, _response, next) => next(fromBodyParserError(error) ?? error);
}

const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** The API speaks JSON only: a request body of any other type is refused with 415 instead of being silently ignored. */
export function requireJsonBodyMiddleware(): Middleware {
  return (request, _response, next) => {
    if (!hasBody(request)) return next();
    const type = request.headers['content-type'];
    if (type !== undefined && JSON_CONTENT_TYPE.test(type)) return next();
    next(
      new UnsupportedMediaTypeError(`Request body must be application/json, got ${type ? `"${type}"` : 'no Content-Type'}`, {
        expected: 'application/json',
        received: type ?? null,
      }),
    );
  };
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function routePattern(request: Request): string | undefined {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : undefined;
}
