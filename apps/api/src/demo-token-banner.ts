import type { INestApplication } from '@nestjs/common';
import { AuthSecret, createDemoTokens, DEMO_TOKEN_TTL_SECONDS } from '@tagstream/auth';
import type { BannerExtras } from '@tagstream/http';

/** With a generated secret (AUTH_JWT_SECRET unset), prints one token per role so the API can be tried at once. */
export function demoTokenBanner(app: INestApplication): BannerExtras {
  const secret = app.get(AuthSecret);
  if (!secret.generated) return { lines: ['bearer tokens: signed with AUTH_JWT_SECRET (no demo tokens)'] };
  const tokens = createDemoTokens(secret.value);
  const days = Math.round(DEMO_TOKEN_TTL_SECONDS / 86400);
  return {
    fields: { demoTokens: tokens.map(({ role, tenant, token }) => ({ role, tenant, token })) },
    lines: [
      `demo bearer tokens (AUTH_JWT_SECRET is unset: a random secret for this run; valid ${days} days):`,
      ...tokens.map(({ role, tenant, token }) => `  ${`${role}${tenant ? ` (${tenant})` : ''}`.padEnd(24)} ${token}`),
      'e.g. curl -H "Authorization: Bearer <token>" <url>/v1/...',
    ],
  };
}
