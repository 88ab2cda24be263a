import { isRole, Role, ROLES, TENANT_PATTERN } from '@tagstream/auth';

/** Command line of `npm run token`. */
export interface TokenArgs {
  readonly role: Role;
  readonly tenant?: string;
  readonly sub: string;
  readonly days: number;
}

export const USAGE = `usage: npm run token -- --role ROLE [--tenant TENANT] [--days D] [--sub NAME]
  --role ROLE      one of ${ROLES.join(', ')} (required)
  --tenant TENANT  the institution a marketer works for (required for marketer, refused for other roles)
  --days D         how long the token is valid, in days, fractions allowed, at most 366 (default 7)
  --sub NAME       who the token is for; audit records name it (default cli-<role>)
Signs with AUTH_JWT_SECRET; when that is unset, with the demo secret npm start keeps in DATA_DIR.`;

const OPTIONS = new Set(['role', 'tenant', 'days', 'sub']);
const MAX_DAYS = 366;
const MAX_SUB_LENGTH = 128;

export class TokenArgsError extends Error {}

export function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const flags = toFlags(argv);
  const role = flags.get('role');
  if (role === undefined) throw new TokenArgsError('--role is required');
  if (!isRole(role)) throw new TokenArgsError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  const tenant = flags.get('tenant');
  if (role === 'marketer' && tenant === undefined) throw new TokenArgsError('--tenant is required for role marketer');
  if (role !== 'marketer' && tenant !== undefined) throw new TokenArgsError(`--tenant applies to marketers only; role ${role} is the platform's own`);
  if (tenant !== undefined && !TENANT_PATTERN.test(tenant)) throw new TokenArgsError(`--tenant must match ${TENANT_PATTERN}, got "${tenant}"`);
  const sub = flags.get('sub') ?? `cli-${role}`;
  if (sub.length === 0 || sub.length > MAX_SUB_LENGTH) throw new TokenArgsError(`--sub must be 1-${MAX_SUB_LENGTH} characters`);
  return { role, ...(tenant !== undefined ? { tenant } : {}), sub, days: days(flags.get('days')) };
}

function days(value: string | undefined): number {
  if (value === undefined) return 7;
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(parsed > 0) || parsed > MAX_DAYS) throw new TokenArgsError(`--days must be a number of days greater than 0 and at most ${MAX_DAYS}, got "${value}"`);
  return parsed;
}

function toFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new TokenArgsError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!OPTIONS.has(name)) throw new TokenArgsError(`unknown option --${name}`);
    if (flags.has(name)) throw new TokenArgsError(`--${name} is given twice`);
    const value = inline ?? (i + 1 < argv.length && !argv[i + 1].startsWith('--') ? argv[++i] : undefined);
    if (value === undefined) throw new TokenArgsError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}
