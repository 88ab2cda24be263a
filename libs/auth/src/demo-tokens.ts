import { signToken } from './jwt';
import { Role, ROLES } from './principal';

export interface DemoToken {
  readonly role: Role;
  readonly tenant?: string;
  readonly token: string;
}

export const DEMO_TENANT = 'demo_fund';
export const OTHER_DEMO_TENANT = 'other_fund';
export const DEMO_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

/**
 * One token per role (the marketer bound to `demo_fund`) plus a second
 * marketer for `other_fund`, so tenant isolation can be tried by hand.
 */
export function createDemoTokens(secret: string, ttlSeconds = DEMO_TOKEN_TTL_SECONDS, now = Date.now()): DemoToken[] {
  const tokens: DemoToken[] = ROLES.map((role) => {
    const tenant = role === 'marketer' ? DEMO_TENANT : undefined;
    return { role, tenant, token: signToken(secret, { sub: `demo-${role}`, role, ...(tenant ? { tenant } : {}) }, ttlSeconds, now) };
  });
  const other = signToken(secret, { sub: 'demo-marketer-other', role: 'marketer', tenant: OTHER_DEMO_TENANT }, ttlSeconds, now);
  return [...tokens, { role: 'marketer', tenant: OTHER_DEMO_TENANT, token: other }];
}
