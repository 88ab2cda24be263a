import { msUntilExpiry, restoreSession, storedToken } from './session';
import { memoryStorage } from './testing/memory-storage';

function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

describe('restoreSession', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('resumes a stored token that has not expired', () => {
    const storage = memoryStorage();
    const valid = token({ sub: 'm1', role: 'marketer', tenant: 'demo_fund', exp: now / 1000 + 60 });
    storage.setItem('tagstream.token', valid);
    expect(restoreSession(storage, now)).toEqual({ token: valid });
  });

  it('drops an expired stored token and says the session expired', () => {
    const storage = memoryStorage();
    storage.setItem('tagstream.token', token({ sub: 'm1', role: 'marketer', exp: now / 1000 - 1 }));
    expect(restoreSession(storage, now)).toEqual({ notice: 'expired' });
    expect(storedToken(storage)).toBeUndefined();
  });

  it('drops a stored value that is not a token, without a notice', () => {
    const storage = memoryStorage();
    storage.setItem('tagstream.token', 'garbage');
    expect(restoreSession(storage, now)).toEqual({});
    expect(storedToken(storage)).toBeUndefined();
  });
});

describe('msUntilExpiry', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('waits until the token expires, and not at all once it has', () => {
    expect(msUntilExpiry({ sub: 'm1', role: 'marketer', exp: now / 1000 + 90 }, now)).toBe(90_000);
    expect(msUntilExpiry({ sub: 'm1', role: 'marketer', exp: now / 1000 - 5 }, now)).toBe(0);
  });

  it('leaves tokens without exp, or expiring beyond one timer, to the service', () => {
    expect(msUntilExpiry({ sub: 'm1', role: 'marketer' }, now)).toBeUndefined();
    expect(msUntilExpiry({ sub: 'm1', role: 'marketer', exp: now / 1000 + 30 * 86_400 }, now)).toBeUndefined();
  });
});
