import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_REQUEST_ID_LENGTH = 128;

/** The id of the request being served by the current async call chain, if any. Read by the logger for every line. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Keeps a caller's id when it is usable: characters outside `[A-Za-z0-9._:-]`
 * are dropped (ids end up in logs and headers, so no spaces, quotes or control
 * characters) and it is cut to 128. Nothing usable left: a fresh UUID.
 */
export function sanitizeRequestId(value: unknown): string {
  const given = Array.isArray(value) ? value[0] : value;
  if (typeof given !== 'string') return randomUUID();
  const cleaned = given.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, MAX_REQUEST_ID_LENGTH);
  return cleaned.length > 0 ? cleaned : randomUUID();
}
