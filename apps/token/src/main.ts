import { resolve } from 'node:path';
import { readDemoSecret, signToken } from '@tagstream/auth';
import { parseTokenArgs, TokenArgsError, USAGE } from './token-args';

const MIN_SECRET_LENGTH = 32;

/**
 * Mints a bearer token (`npm run token -- --role marketer --tenant acme --days 7`)
 * signed with the service's secret, and prints only the token, so that
 * `TOKEN=$(npm run --silent token -- …)` works. Touches no file: the demo
 * secret is read, never made.
 */
function main(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const args = parseTokenArgs(argv);
  const secret = secretFrom(env);
  const claims = { sub: args.sub, role: args.role, ...(args.tenant ? { tenant: args.tenant } : {}) };
  return signToken(secret, claims, Math.round(args.days * 86_400));
}

function secretFrom(env: NodeJS.ProcessEnv): string {
  const configured = env.AUTH_JWT_SECRET;
  if (configured) {
    if (configured.length < MIN_SECRET_LENGTH) throw new TokenArgsError(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return configured;
  }
  const dataDir = resolve(env.DATA_DIR || './data');
  const demo = readDemoSecret(dataDir);
  if (!demo) {
    throw new TokenArgsError(
      `AUTH_JWT_SECRET is unset and ${dataDir} holds no demo secret: set AUTH_JWT_SECRET to the secret the service runs with (or DATA_DIR to the one npm start uses)`,
    );
  }
  return demo;
}

try {
  process.stdout.write(`${main(process.argv.slice(2), process.env)}\n`);
} catch (error) {
  if (!(error instanceof TokenArgsError)) throw error;
  process.stderr.write(`token: ${error.message}\n${USAGE}\n`);
  process.exitCode = 2;
}
