/** An answer of the API that is not a success, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  accept?: string;
  signal?: AbortSignal;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The console is an ordinary client of the v1 API: every call carries the
 * signed-in bearer token and meets the same guard, floor and audit as any other.
 */
export class ApiClient {
  /**
   * `onUnauthorized` hears every 401: the token expired or was revoked while
   * the page was open, so the session is over whatever screen asked.
   */
  constructor(
    private readonly token: string,
    private readonly baseUrl = '',
    private readonly onUnauthorized?: (error: ApiError) => void,
  ) {}

  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const answer = await this.raw(path, { ...options, accept: options.accept ?? 'application/json' });
    return (answer.text === '' ? undefined : JSON.parse(answer.text)) as T;
  }

  async raw(path: string, options: RequestOptions = {}): Promise<RawAnswer> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path + queryString(options.query), {
        method: options.method ?? 'GET',
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: options.accept ?? 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network', (error as Error).message, {});
    }
    const text = await response.text();
    if (!response.ok) {
      const error = toApiError(response.status, text);
      if (response.status === 401) this.onUnauthorized?.(error);
      throw error;
    }
    return { status: response.status, headers: response.headers, text };
  }
}

export function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function toApiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error) return new ApiError(status, body.error.code ?? `http_${status}`, body.error.message ?? '', body.error.details ?? {});
  } catch {
    // not the API's error shape (a proxy, a crash): keep the status
  }
  return new ApiError(status, `http_${status}`, text.slice(0, 200), {});
}

/** Role, tenant and expiry as the token states them; the API verifies the signature, the console only reads. */
export interface TokenClaims {
  sub: string;
  role: string;
  tenant?: string;
  exp?: number;
}

/** True when the token states an expiry that has passed (a token without `exp` never expires here). */
export function isExpired(claims: TokenClaims, nowMs: number = Date.now()): boolean {
  return typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs;
}

export function readTokenClaims(token: string): TokenClaims | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Partial<TokenClaims>;
    if (typeof claims.role !== 'string' || typeof claims.sub !== 'string') return undefined;
    return claims as TokenClaims;
  } catch {
    return undefined;
  }
}
