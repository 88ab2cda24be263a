import type { INestApplication } from '@nestjs/common';
import { AuthSecret, createDemoTokens, DEMO_SECRET_FILE, DEMO_TOKEN_TTL_SECONDS } from '@tagstream/auth';
import type { BannerExtras } from '@tagstream/http';

/**
 * With a demo secret (AUTH_JWT_SECRET unset), prints one token per role so the
 * API can be tried at once. The tokens go to the terminal only: the structured
 * `ready` line names the roles, never a token, so no log pipeline holds a
 * working credential (the admin's included).
 */
export function demoTokenBanner(app: INestApplication): BannerExtras {
  const secret = app.get(AuthSecret);
  if (!secret.generated) return { lines: ['bearer tokens: signed with AUTH_JWT_SECRET (no demo tokens)'] };
  const tokens = createDemoTokens(secret.value);
  const days = Math.round(DEMO_TOKEN_TTL_SECONDS / 86400);
  return {
    fields: { demoTokenRoles: tokens.map(({ role, tenant }) => (tenant ? `${role} (${tenant})` : role)) },
    lines: [
      `demo bearer tokens (AUTH_JWT_SECRET is unset: signed with the demo secret in DATA_DIR/${DEMO_SECRET_FILE}; valid ${days} days, across restarts on this DATA_DIR):`,
      ...tokens.map(({ role, tenant, token }) => `  ${`${role}${tenant ? ` (${tenant})` : ''}`.padEnd(24)} ${token}`),
      'e.g. curl -H "Authorization: Bearer <token>" <url>/v1/...',
    ],
  };
}
