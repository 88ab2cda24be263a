/**
 * Every environment variable the service reads, with its default and meaning.
 * This table is the single list of known names: the README's configuration
 * section and the compose-file check both read it, so a variable cannot be
 * documented or deployed without the schema knowing it.
 */
export interface ConfigVariable {
  readonly name: string;
  /** Human-readable default; `undefined` means "unset" and `description` says what unset does. */
  readonly default?: string;
  readonly description: string;
  /** Secrets are never echoed back in error messages or logs. */
  readonly secret?: boolean;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'NODE_ENV', default: 'development', description: 'development, test or production; production refuses to start without AUTH_JWT_SECRET' },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino log level: fatal, error, warn, info, debug, trace or silent' },
  { name: 'HOST', default: '0.0.0.0', description: 'interface the HTTP server binds to' },
  { name: 'PORT', default: '3000', description: 'HTTP port' },
  { name: 'HTTP_BODY_LIMIT', default: '2mb', description: 'largest accepted request body (e.g. 512kb, 2mb; at least 1kb); larger bodies get 413' },
  { name: 'DATA_DIR', default: './data', description: 'where the embedded stores and the derived pseudonym key keep their files; created if missing, must be writable; held by one `npm start` at a time (`tagstream.lock`, with its pid)' },
  { name: 'EVENTSTORE_CONNECTION_STRING', description: 'esdb:// URL of a real EventStoreDB; unset: the embedded server (single-process mode only)' },
  { name: 'EVENTSTORE_EMBEDDED_PORT', default: '0', description: 'port of the embedded event-store server; 0 picks any free port. Ignored with EVENTSTORE_CONNECTION_STRING' },
  { name: 'CLICKHOUSE_URL', description: 'http(s) URL of a real ClickHouse server; unset: embedded chDB under DATA_DIR (single-process mode only)' },
  { name: 'CLICKHOUSE_USER', default: 'default', description: 'ClickHouse user (with CLICKHOUSE_URL)' },
  { name: 'CLICKHOUSE_PASSWORD', default: '', description: 'ClickHouse password (with CLICKHOUSE_URL)', secret: true },
  { name: 'CLICKHOUSE_DATABASE', default: 'tagstream', description: 'ClickHouse database holding the labels' },
  { name: 'AUTH_JWT_SECRET', description: 'HS256 secret for bearer tokens, at least 32 characters; unset: a demo secret generated once and kept in DATA_DIR/auth-demo.secret, and one demo token per role printed at start (refused when NODE_ENV=production). `npm run token` mints tokens with either', secret: true },
  { name: 'MIN_AUDIENCE_SIZE', default: '100', description: 'privacy floor: sizes, counts and shares under it are reported as below-floor' },
  { name: 'USER_TAGS_CACHE_USERS', default: '4000000', description: "users whose labels the recommender's serving index keeps in memory (about 113 bytes each: 4 M take ~430 MiB); misses are loaded from ClickHouse" },
  { name: 'DIFFERENCE_CHECK', default: 'on', description: 'on or off: withhold a number whose member set differs by 1 … floor−1 people from one the tenant was given before (libs/compliance/README.md); off only for tests and demonstrations' },
  { name: 'DIFFERENCE_CHECK_RETENTION_DAYS', default: '30', description: 'how long the difference check remembers a released number (1–3650 days)' },
  { name: 'DIFFERENCE_CHECK_MAX_ANSWERS', default: '5000', description: 'released numbers remembered per tenant (100–1000000; about 3 KB each, at most 6.3 KB); past it the oldest are forgotten first' },
  { name: 'PSEUDONYM_KEY', description: 'key for snapshot-scoped pseudonymous ids (and the member hash of the difference check), at least 32 characters; unset: generated once and kept in DATA_DIR/pseudonym.key', secret: true },
  { name: 'TEST_ERASURE_KILL_AFTER', description: 'test only: the process kills itself (SIGKILL) right after this erasure step (record, events, labels, mapping or ticket), for crash tests; refused when NODE_ENV=production' },
];

export const CONFIG_VARIABLE_NAMES: readonly string[] = CONFIG_VARIABLES.map((v) => v.name);
