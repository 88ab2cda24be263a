import { isIP } from 'node:net';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { MIN_BODY_LIMIT_BYTES, parseByteSize } from './byte-size';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MIN_SECRET_LENGTH = 32;

/** The steps of an erasure, in order (see the compliance README); a crash test stops after each one. */
export const ERASURE_STEPS = ['record', 'events', 'labels', 'mapping', 'ticket'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

// Constraints are checked in the order they are registered and only the first
// failure is reported, so the type check goes first: "abc" then fails as
// `isInt`, not as `max`, and the reported rule says what is really wrong.
const IntInRange = (message: string, min: number, max?: number): PropertyDecorator => (target, key) => {
  IsInt({ message })(target, key);
  Min(min, { message })(target, key);
  if (max !== undefined) Max(max, { message })(target, key);
};

const NonEmptyString = (message: string, minLength = 1): PropertyDecorator => (target, key) => {
  IsString({ message })(target, key);
  MinLength(minLength, { message })(target, key);
};

/**
 * The validated configuration (docs/contract.md §7 plus process settings). Field names are
 * the environment variable names so an error message, the docs and the code all
 * say the same thing. Built only by `loadConfig`; inject it, never read
 * `process.env` elsewhere.
 */
export class AppConfig {
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  // decorators run bottom-up: the character check below is registered, and so reported, first
  @ValidateBy({ name: 'isHostOrIp', validator: { validate: isHostOrIp, defaultMessage: () => 'HOST must be a hostname or an IP address' } })
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'HOST must be a hostname or an IP address' })
  HOST = '0.0.0.0';

  @IntInRange('PORT must be an integer between 1 and 65535', 1, 65535)
  PORT = 3000;

  @ValidateBy({
    name: 'minByteSize',
    validator: { validate: (value) => (parseByteSize(String(value)) ?? 0) >= MIN_BODY_LIMIT_BYTES, defaultMessage: () => 'HTTP_BODY_LIMIT must be at least 1kb' },
  })
  @Matches(/^\d+(b|kb|mb|gb)?$/i, { message: 'HTTP_BODY_LIMIT must be a byte size such as 512kb or 2mb' })
  HTTP_BODY_LIMIT = '2mb';

  @NonEmptyString('DATA_DIR must be a directory path')
  DATA_DIR = './data';

  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IntInRange('EVENTSTORE_EMBEDDED_PORT must be an integer between 0 and 65535 (0 picks a free port)', 0, 65535)
  EVENTSTORE_EMBEDDED_PORT = 0;

  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'CLICKHOUSE_URL must be an http:// or https:// URL' },
  )
  CLICKHOUSE_URL?: string;

  @NonEmptyString('CLICKHOUSE_USER must be a non-empty string')
  CLICKHOUSE_USER = 'default';

  @IsString({ message: 'CLICKHOUSE_PASSWORD must be a string' })
  CLICKHOUSE_PASSWORD = '';

  // It becomes an SQL identifier, so only a plain name is allowed.
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    message: 'CLICKHOUSE_DATABASE must be 1-64 letters, digits or underscores, not starting with a digit',
  })
  CLICKHOUSE_DATABASE = 'tagstream';

  // Validated when set, and required in production: a random secret there would
  // invalidate every token on each restart and differ between replicas.
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.AUTH_JWT_SECRET !== undefined)
  @IsDefined({ message: 'AUTH_JWT_SECRET is required when NODE_ENV=production' })
  @NonEmptyString(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`, MIN_SECRET_LENGTH)
  AUTH_JWT_SECRET?: string;

  @IntInRange('MIN_AUDIENCE_SIZE must be an integer of at least 1', 1)
  MIN_AUDIENCE_SIZE = 100;

  // Each cached user costs about 113 bytes (libs/segments/README.md); the default holds 4 M in ~430 MiB.
  @IntInRange('USER_TAGS_CACHE_USERS must be an integer of at least 1', 1)
  USER_TAGS_CACHE_USERS = 4_000_000;

  @IsIn(['on', 'off'], { message: 'DIFFERENCE_CHECK must be on or off' })
  DIFFERENCE_CHECK: 'on' | 'off' = 'on';

  @IntInRange('DIFFERENCE_CHECK_RETENTION_DAYS must be an integer between 1 and 3650', 1, 3650)
  DIFFERENCE_CHECK_RETENTION_DAYS = 30;

  @IntInRange('DIFFERENCE_CHECK_MAX_ANSWERS must be an integer between 100 and 1000000', 100, 1_000_000)
  DIFFERENCE_CHECK_MAX_ANSWERS = 5000;

  /** Always set once `loadConfig` returns: from the environment, or from `DATA_DIR/pseudonym.key`. */
  @IsOptional()
  @NonEmptyString(`PSEUDONYM_KEY must be at least ${MIN_SECRET_LENGTH} characters`, MIN_SECRET_LENGTH)
  PSEUDONYM_KEY!: string;

  /**
   * Test only: the process SIGKILLs itself right after this step of an
   * erasure, so crash tests stop at each step without timing a kill. Refused
   * in production.
   */
  @IsOptional()
  @ValidateBy({
    name: 'notInProduction',
    validator: {
      validate: (_value, args) => (args?.object as AppConfig).NODE_ENV !== 'production',
      defaultMessage: () => 'TEST_ERASURE_KILL_AFTER is a test hook and is refused when NODE_ENV=production',
    },
  })
  @IsIn(ERASURE_STEPS, { message: `TEST_ERASURE_KILL_AFTER must be one of ${ERASURE_STEPS.join(', ')}` })
  TEST_ERASURE_KILL_AFTER?: ErasureStep;
}

/** Digits and dots only, or a colon, make an address, which must then be a real one: 256.1.1.1 is not a host name. */
function isHostOrIp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (/^[\d.]+$/.test(value) || value.includes(':')) return isIP(value) !== 0;
  return value.split('.').every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
