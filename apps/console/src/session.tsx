import { createContext, useContext } from 'react';
import { ApiClient, TokenClaims } from './api/api-client';

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

const STORAGE_KEY = 'tagstream.token';

/** The token lives for the browser tab only (sessionStorage), never in localStorage. */
export function storedToken(): string | undefined {
  return globalThis.sessionStorage?.getItem(STORAGE_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token === undefined) globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  else globalThis.sessionStorage?.setItem(STORAGE_KEY, token);
}
