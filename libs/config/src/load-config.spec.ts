import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, CONFIG_VARIABLES, ConfigError, loadConfig, PSEUDONYM_KEY_FILE } from './index';

const SECRET = 's'.repeat(32);
const KEY = 'k'.repeat(32);

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'tagstream-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });
  const problemOf = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return { ...(error as ConfigError).problems[0], all: (error as ConfigError).message };
    }
    throw new Error(`expected ${JSON.stringify(env)} to be refused`);
  };

  it('applies every default when the environment is empty', () => {
    const config = load({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      PORT: 3000,
      HTTP_BODY_LIMIT: '2mb',
      DATA_DIR: dataDir,
      EVENTSTORE_EMBEDDED_PORT: 0,
      CLICKHOUSE_USER: 'default',
      CLICKHOUSE_PASSWORD: '',
      CLICKHOUSE_DATABASE: 'tagstream',
      MIN_AUDIENCE_SIZE: 100,
      DIFFERENCE_CHECK: 'on',
      DIFFERENCE_CHECK_RETENTION_DAYS: 30,
      DIFFERENCE_CHECK_MAX_ANSWERS: 5000,
    });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
    expect(config.CLICKHOUSE_URL).toBeUndefined();
    expect(config.AUTH_JWT_SECRET).toBeUndefined();
  });

  it('reads and converts valid values', () => {
    const config = load({
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      HOST: '127.0.0.1',
      PORT: '8080',
      HTTP_BODY_LIMIT: '512kb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      EVENTSTORE_EMBEDDED_PORT: '2113',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_USER: 'tagstream',
      CLICKHOUSE_PASSWORD: 'pw',
      CLICKHOUSE_DATABASE: 'labels_1',
      AUTH_JWT_SECRET: SECRET,
      MIN_AUDIENCE_SIZE: '1',
      PSEUDONYM_KEY: KEY,
    });
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({ PORT: 8080, EVENTSTORE_EMBEDDED_PORT: 2113, MIN_AUDIENCE_SIZE: 1, PSEUDONYM_KEY: KEY });
    expect(config.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
  });

  it('treats an empty value as unset', () => {
    const config = load({ PORT: '', CLICKHOUSE_URL: '', AUTH_JWT_SECRET: '' });
    expect(config.PORT).toBe(3000);
    expect(config.CLICKHOUSE_URL).toBeUndefined();
    expect(config.AUTH_JWT_SECRET).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc', 'isInt', 'PORT must be an integer between 1 and 65535 (got "abc")'],
    ['PORT', '1.5', 'isInt', 'PORT must be an integer between 1 and 65535 (got "1.5")'],
    ['PORT', '0', 'min', 'PORT must be an integer between 1 and 65535 (got "0")'],
    ['PORT', '65536', 'max', 'PORT must be an integer between 1 and 65535 (got "65536")'],
    ['EVENTSTORE_EMBEDDED_PORT', '-1', 'min', 'EVENTSTORE_EMBEDDED_PORT must be an integer between 0 and 65535'],
    ['EVENTSTORE_EMBEDDED_PORT', 'x', 'isInt', 'EVENTSTORE_EMBEDDED_PORT must be an integer between 0 and 65535'],
    ['MIN_AUDIENCE_SIZE', '0', 'min', 'MIN_AUDIENCE_SIZE must be an integer of at least 1 (got "0")'],
    ['MIN_AUDIENCE_SIZE', 'many', 'isInt', 'MIN_AUDIENCE_SIZE must be an integer of at least 1 (got "many")'],
    ['DIFFERENCE_CHECK', 'maybe', 'isIn', 'DIFFERENCE_CHECK must be on or off (got "maybe")'],
    ['DIFFERENCE_CHECK_RETENTION_DAYS', '0', 'min', 'DIFFERENCE_CHECK_RETENTION_DAYS must be an integer between 1 and 3650 (got "0")'],
    ['DIFFERENCE_CHECK_MAX_ANSWERS', '10', 'min', 'DIFFERENCE_CHECK_MAX_ANSWERS must be an integer between 100 and 1000000 (got "10")'],
    ['NODE_ENV', 'staging', 'isIn', 'NODE_ENV must be one of development, test, production (got "staging")'],
    ['LOG_LEVEL', 'loud', 'isIn', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['HOST', 'my host', 'matches', 'HOST must be a hostname or an IP address (got "my host")'],
    ['HOST', '256.1.1.1', 'isHostOrIp', 'HOST must be a hostname or an IP address (got "256.1.1.1")'],
    ['HOST', '1.2.3', 'isHostOrIp', 'HOST must be a hostname or an IP address'],
    ['HOST', ':::1', 'isHostOrIp', 'HOST must be a hostname or an IP address'],
    ['HOST', '-api.internal', 'isHostOrIp', 'HOST must be a hostname or an IP address'],
    ['HTTP_BODY_LIMIT', 'huge', 'matches', 'HTTP_BODY_LIMIT must be a byte size such as 512kb or 2mb (got "huge")'],
    ['HTTP_BODY_LIMIT', '0', 'minByteSize', 'HTTP_BODY_LIMIT must be at least 1kb (got "0")'],
    ['HTTP_BODY_LIMIT', '1023b', 'minByteSize', 'HTTP_BODY_LIMIT must be at least 1kb'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://es:2113', 'matches', 'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string'],
    ['CLICKHOUSE_URL', 'clickhouse:8123', 'isUrl', 'CLICKHOUSE_URL must be an http:// or https:// URL (got "clickhouse:8123")'],
    ['CLICKHOUSE_URL', 'ftp://clickhouse', 'isUrl', 'CLICKHOUSE_URL must be an http:// or https:// URL'],
    ['CLICKHOUSE_DATABASE', 'labels; DROP', 'matches', 'CLICKHOUSE_DATABASE must be 1-64 letters, digits or underscores'],
    ['CLICKHOUSE_DATABASE', '1labels', 'matches', 'CLICKHOUSE_DATABASE must be 1-64 letters'],
    ['AUTH_JWT_SECRET', 'short', 'minLength', 'AUTH_JWT_SECRET must be at least 32 characters (got a value of 5 characters)'],
    ['PSEUDONYM_KEY', 'short-key', 'minLength', 'PSEUDONYM_KEY must be at least 32 characters (got a value of 9 characters)'],
  ])('refuses %s=%j naming the variable and the rule', (variable, value, rule, message) => {
    const problem = problemOf({ [variable]: value });
    expect(problem.variable).toBe(variable);
    expect(problem.rule).toBe(rule);
    expect(problem.message).toContain(message);
    expect(problem.message.startsWith(variable)).toBe(true);
  });

  it.each(['localhost', 'api.internal', '127.0.0.1', '::', '::1', '0.0.0.0'])('accepts HOST=%s', (host) => {
    expect(load({ HOST: host }).HOST).toBe(host);
  });

  it('accepts HTTP_BODY_LIMIT=1kb, the smallest', () => {
    expect(load({ HTTP_BODY_LIMIT: '1kb' }).HTTP_BODY_LIMIT).toBe('1kb');
  });

  it('creates a missing DATA_DIR', () => {
    const nested = join(dataDir, 'a', 'b');
    expect(loadConfig({ DATA_DIR: nested }).DATA_DIR).toBe(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
  });

  it('refuses a DATA_DIR that is a file, naming DATA_DIR', () => {
    const file = join(dataDir, 'not-a-dir');
    writeFileSync(file, '');
    const problem = problemOf({ DATA_DIR: file });
    expect(problem).toMatchObject({ variable: 'DATA_DIR', rule: 'writableDirectory' });
    expect(problem.message).toContain(`DATA_DIR must be a directory this process can create and write (got ${JSON.stringify(file)}`);
  });

  it('refuses production without AUTH_JWT_SECRET', () => {
    const problem = problemOf({ NODE_ENV: 'production' });
    expect(problem).toMatchObject({ variable: 'AUTH_JWT_SECRET', rule: 'isDefined' });
    expect(problem.message).toBe('AUTH_JWT_SECRET is required when NODE_ENV=production');
  });

  it('takes the test-only erasure crash hook by step name, and refuses it in production', () => {
    expect(load({ TEST_ERASURE_KILL_AFTER: 'labels' }).TEST_ERASURE_KILL_AFTER).toBe('labels');
    expect(load({}).TEST_ERASURE_KILL_AFTER).toBeUndefined();
    expect(problemOf({ TEST_ERASURE_KILL_AFTER: 'halfway' })).toMatchObject({
      variable: 'TEST_ERASURE_KILL_AFTER',
      message: 'TEST_ERASURE_KILL_AFTER must be one of record, events, labels, mapping, ticket (got "halfway")',
    });
    expect(problemOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, TEST_ERASURE_KILL_AFTER: 'record' })).toMatchObject({
      variable: 'TEST_ERASURE_KILL_AFTER',
      message: 'TEST_ERASURE_KILL_AFTER is a test hook and is refused when NODE_ENV=production (got "record")',
    });
  });

  it('allows development without AUTH_JWT_SECRET', () => {
    expect(load({ NODE_ENV: 'development' }).AUTH_JWT_SECRET).toBeUndefined();
  });

  it('never echoes a secret, and masks the password in a connection URL', () => {
    expect(problemOf({ AUTH_JWT_SECRET: 'hunter2' }).message).not.toContain('hunter2');
    expect(problemOf({ CLICKHOUSE_PASSWORD: 'x', CLICKHOUSE_URL: 'ftp://u:topsecret@h' }).all).not.toContain('topsecret');
  });

  it('reports every bad variable at once', () => {
    try {
      load({ PORT: 'abc', MIN_AUDIENCE_SIZE: '-3', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const names = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(names).toEqual(['LOG_LEVEL', 'MIN_AUDIENCE_SIZE', 'PORT']);
      expect((error as ConfigError).message).toMatch(/PORT .*; .*/);
    }
  });

  it('resolves DATA_DIR to an absolute path', () => {
    expect(loadConfig({ DATA_DIR: join(dataDir, 'a', '..', 'b') }).DATA_DIR).toBe(join(dataDir, 'b'));
  });

  describe('PSEUDONYM_KEY derivation', () => {
    it('creates a 0600 key file under DATA_DIR and reuses it on the next start', () => {
      const first = load({}).PSEUDONYM_KEY;
      const file = join(dataDir, PSEUDONYM_KEY_FILE);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(load({}).PSEUDONYM_KEY).toBe(first);
    });

    it('creates DATA_DIR when it does not exist yet', () => {
      const nested = join(dataDir, 'fresh', 'dir');
      expect(loadConfig({ DATA_DIR: nested }).PSEUDONYM_KEY).toHaveLength(64);
    });

    it('gives a different key to a different DATA_DIR', () => {
      const other = mkdtempSync(join(tmpdir(), 'tagstream-config-'));
      try {
        expect(loadConfig({ DATA_DIR: other }).PSEUDONYM_KEY).not.toBe(load({}).PSEUDONYM_KEY);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('uses PSEUDONYM_KEY when set and writes no file', () => {
      expect(load({ PSEUDONYM_KEY: KEY }).PSEUDONYM_KEY).toBe(KEY);
      expect(() => statSync(join(dataDir, PSEUDONYM_KEY_FILE))).toThrow();
    });

    it('refuses a truncated key file, naming PSEUDONYM_KEY', () => {
      writeFileSync(join(dataDir, PSEUDONYM_KEY_FILE), 'abc\n');
      expect(problemOf({})).toMatchObject({ variable: 'PSEUDONYM_KEY', rule: 'minLength' });
    });
  });
});

describe('CONFIG_VARIABLES', () => {
  it('lists exactly the variables the schema knows', () => {
    const schemaFields = Object.keys(new AppConfig()).concat('EVENTSTORE_CONNECTION_STRING', 'CLICKHOUSE_URL', 'AUTH_JWT_SECRET', 'PSEUDONYM_KEY');
    expect(CONFIG_VARIABLES.map((v) => v.name).sort()).toEqual([...new Set(schemaFields)].sort());
  });

  it('gives every variable a description', () => {
    for (const variable of CONFIG_VARIABLES) expect(variable.description.length).toBeGreaterThan(5);
  });
});
