import { createContext, useContext } from 'react';
import { ApiClient, isExpired, readTokenClaims, TokenClaims } from './api/api-client';

export interface Session {
  token: string;
  claims: TokenClaims;
  api: ApiClient;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Why the sign-in page is shown again: the stored token's expiry passed, or the service answered 401. */
export type SignOutReason = 'expired' | 'unauthorized';

const STORAGE_KEY = 'tagstream.token';

function tabStorage(): Storage | undefined {
  return globalThis.sessionStorage;
}

/** The token lives for the browser tab only (sessionStorage), never in localStorage. */
export function storedToken(storage: Storage | undefined = tabStorage()): string | undefined {
  return storage?.getItem(STORAGE_KEY) ?? undefined;
}

export function storeToken(token: string | undefined, storage: Storage | undefined = tabStorage()): void {
  if (token === undefined) storage?.removeItem(STORAGE_KEY);
  else storage?.setItem(STORAGE_KEY, token);
}

/**
 * The session a reloaded tab may resume: its stored token when it still reads
 * as a token and has not expired. An expired one is dropped and reported, so
 * the sign-in page can say why it is shown.
 */
export function restoreSession(storage: Storage | undefined = tabStorage(), nowMs: number = Date.now()): { token?: string; notice?: SignOutReason } {
  const token = storedToken(storage);
  if (token === undefined) return {};
  const claims = readTokenClaims(token);
  if (!claims) {
    storeToken(undefined, storage);
    return {};
  }
  if (isExpired(claims, nowMs)) {
    storeToken(undefined, storage);
    return { notice: 'expired' };
  }
  return { token };
}

/** Browsers fire a timer of more than 2^31-1 ms at once; a later expiry is left to the service's 401. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * How long until an open page should end the session because the token's
 * `exp` passes; undefined when there is nothing to wait for (no `exp`, or too
 * far ahead for one timer).
 */
export function msUntilExpiry(claims: TokenClaims, nowMs: number = Date.now()): number | undefined {
  if (typeof claims.exp !== 'number') return undefined;
  const left = claims.exp * 1000 - nowMs;
  if (left > LONGEST_TIMER_MS) return undefined;
  return Math.max(0, left);
}

/** Who a builder draft belongs to, so one person's unsaved expression is never offered to another. */
export function ownerOf(claims: TokenClaims): string {
  return `${claims.sub}|${claims.tenant ?? ''}`;
}
