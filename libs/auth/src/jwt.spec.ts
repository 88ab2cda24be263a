import { createHmac } from 'node:crypto';
import { UnauthorizedError } from '@tagstream/common';
import { createDemoTokens, signToken, verifyToken } from './index';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, so the verifier is checked against the JWT spec and not only against `signToken`. */
function handMade(header: object, payload: object, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const refusal = (token: string, now = NOW): string => {
  try {
    verifyToken(SECRET, token, now);
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    return (error as Error).message;
  }
  throw new Error('token was accepted');
};

const exp = NOW / 1000 + 60;

describe('verifyToken', () => {
  it('accepts a token signed by signToken and returns the principal', () => {
    const token = signToken(SECRET, { sub: 'u1', role: 'marketer', tenant: 'demo_fund' }, 60, NOW);
    expect(verifyToken(SECRET, token, NOW)).toEqual({ sub: 'u1', role: 'marketer', tenant: 'demo_fund' });
  });

  it('accepts a hand-made HS256 token', () => {
    expect(verifyToken(SECRET, handMade({ alg: 'HS256', typ: 'JWT' }, { sub: 'svc', role: 'ingest', exp }), NOW)).toEqual({
      sub: 'svc',
      role: 'ingest',
    });
  });

  it('refuses an expired token, at and after exp', () => {
    const token = signToken(SECRET, { sub: 'u1', role: 'admin' }, 60, NOW);
    expect(verifyToken(SECRET, token, NOW + 59_000).role).toBe('admin');
    expect(refusal(token, NOW + 60_000)).toBe('Token has expired');
    expect(refusal(token, NOW + 3_600_000)).toBe('Token has expired');
  });

  it('refuses a token without exp', () => {
    expect(refusal(handMade({ alg: 'HS256' }, { sub: 'u', role: 'admin' }))).toBe('Token has no exp claim');
  });

  it('refuses a token before its nbf', () => {
    expect(refusal(handMade({ alg: 'HS256' }, { sub: 'u', role: 'admin', exp, nbf: exp - 1 }))).toBe('Token is not valid yet');
  });

  it('refuses a token signed with another secret', () => {
    expect(refusal(handMade({ alg: 'HS256' }, { sub: 'u', role: 'admin', exp }, 'another-secret'))).toBe('Invalid token signature');
  });

  it('refuses alg none and other algorithms', () => {
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'u', role: 'admin', exp })}.`;
    expect(refusal(none)).toMatch(/algorithm/);
    expect(refusal(handMade({ alg: 'HS512' }, { sub: 'u', role: 'admin', exp }))).toMatch(/algorithm/);
  });

  it('refuses a token whose header names critical extensions', () => {
    expect(refusal(handMade({ alg: 'HS256', crit: ['exp-policy'], 'exp-policy': 'lenient' }, { sub: 'u', role: 'admin', exp }))).toMatch(/critical extensions/);
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = signToken(SECRET, { sub: 'u', role: 'ingest' }, 60, NOW).split('.');
    expect(refusal(`${header}.${b64({ sub: 'u', role: 'admin', exp })}.${signature}`)).toBe('Invalid token signature');
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!!.???.###'])('refuses the malformed token %j', (token) => {
    expect(refusal(token)).toMatch(/Malformed|algorithm/);
  });

  it.each([
    [{ role: 'admin' }, /sub/],
    [{ sub: '', role: 'admin' }, /sub/],
    [{ sub: 'x'.repeat(129), role: 'admin' }, /sub/],
    [{ sub: 'u', role: 'root' }, /role must be one of ingest, marketer, recommender, auditor, admin/],
    [{ sub: 'u', role: 'marketer' }, /tenant/],
    [{ sub: 'u', role: 'marketer', tenant: 'Demo Fund' }, /tenant must match/],
    [{ sub: 'u', role: 'marketer', tenant: 'x' }, /tenant must match/],
    [{ sub: 'u', role: 'auditor', tenant: 42 }, /tenant must match/],
  ])('refuses bad claims %j', (claims, message) => {
    expect(refusal(handMade({ alg: 'HS256' }, { ...claims, exp }))).toMatch(message);
  });

  it('keeps a well-formed tenant on other roles', () => {
    expect(verifyToken(SECRET, handMade({ alg: 'HS256' }, { sub: 'u', role: 'admin', tenant: 'demo_fund', exp }), NOW).tenant).toBe('demo_fund');
  });
});

describe('createDemoTokens', () => {
  it('makes one verifiable token per role plus a marketer of a second tenant', () => {
    const principals = createDemoTokens(SECRET, 60, NOW).map((t) => verifyToken(SECRET, t.token, NOW));
    expect(principals.map((p) => `${p.role}/${p.tenant ?? '-'}`).sort()).toEqual([
      'admin/-',
      'auditor/-',
      'ingest/-',
      'marketer/demo_fund',
      'marketer/other_fund',
      'recommender/-',
    ]);
  });
});
