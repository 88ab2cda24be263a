import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '@tagstream/common';
import { isRole, Principal, ROLES, TENANT_PATTERN } from './principal';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const MAX_SUBJECT_LENGTH = 128;

export interface TokenClaims {
  sub: string;
  role: Principal['role'];
  tenant?: string;
}

/** Signs an HS256 JWT with `iat` now and `exp` `ttlSeconds` later. */
export function signToken(secret: string, claims: TokenClaims, ttlSeconds: number, now: number = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = base64url(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds }));
  return `${HEADER}.${payload}.${sign(secret, `${HEADER}.${payload}`)}`;
}

/**
 * Verifies an HS256 JWT and returns the principal it names. Any defect (shape,
 * algorithm, signature, expiry, claims) is an `UnauthorizedError`; `exp` is
 * required so that no token is valid forever.
 */
export function verifyToken(secret: string, token: string, now: number = Date.now()): Principal {
  const parts = token.split('.');
  if (parts.length !== 3) throw new UnauthorizedError('Malformed bearer token');
  const [header, payload, signature] = parts;

  const { alg, crit } = parseSegment(header) as { alg?: unknown; crit?: unknown };
  // Only HS256: accepting the header's choice would let `none` or a public-key algorithm through.
  if (alg !== 'HS256') throw new UnauthorizedError('Unsupported token algorithm; expected HS256');
  // RFC 7515 §4.1.11: a token naming critical extensions this verifier does not implement must be refused.
  if (crit !== undefined) throw new UnauthorizedError('Token header names critical extensions this service does not support');
  if (!safeEqual(signature, sign(secret, `${header}.${payload}`))) throw new UnauthorizedError('Invalid token signature');

  const claims = parseSegment(payload) as Record<string, unknown>;
  checkTimes(claims, Math.floor(now / 1000));
  return toPrincipal(claims);
}

function checkTimes(claims: Record<string, unknown>, nowSeconds: number): void {
  if (typeof claims.exp !== 'number') throw new UnauthorizedError('Token has no exp claim');
  if (nowSeconds >= claims.exp) throw new UnauthorizedError('Token has expired');
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) throw new UnauthorizedError('Token is not valid yet');
}

function toPrincipal(claims: Record<string, unknown>): Principal {
  const { sub, role, tenant } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
    throw new UnauthorizedError(`Token claim sub must be a string of 1-${MAX_SUBJECT_LENGTH} characters`);
  }
  if (!isRole(role)) throw new UnauthorizedError(`Token claim role must be one of ${ROLES.join(', ')}`);
  if (tenant !== undefined && (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant))) {
    throw new UnauthorizedError(`Token claim tenant must match ${TENANT_PATTERN}`);
  }
  if (role === 'marketer' && tenant === undefined) throw new UnauthorizedError('Marketer tokens must carry a tenant claim');
  return tenant === undefined ? { sub, role } : { sub, role, tenant };
}

function parseSegment(segment: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  } catch {
    // fall through: same answer as a non-object
  }
  throw new UnauthorizedError('Malformed bearer token');
}

function sign(secret: string, input: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
