import { parseSeedArgs, SeedArgsError } from '../src/seed-args';

const now = new Date('2026-11-20T12:00:00Z');
const parse = (line: string, env: NodeJS.ProcessEnv = {}) => parseSeedArgs(line.split(' ').filter(Boolean), env, now);

describe('parseSeedArgs', () => {
  it('reads a --target run with defaults', () => {
    expect(parse('--users 10 --days 30 --target http://localhost:3000/ --token t')).toEqual({
      users: 10,
      days: 30,
      seed: 1,
      now,
      batchSize: 500,
      concurrency: 4,
      sink: { kind: 'target', url: 'http://localhost:3000', token: 't' },
    });
  });

  it('takes the token from TAGSTREAM_TOKEN', () => {
    const args = parse('--users 1 --days 1 --target http://h:1', { TAGSTREAM_TOKEN: 'env-token' });
    expect(args.sink).toEqual({ kind: 'target', url: 'http://h:1', token: 'env-token' });
  });

  it('reads --direct, --seed, --now and --batch', () => {
    const args = parse('--users 5 --days 2 --seed 9 --now 2026-01-01T00:00:00Z --batch 100 --direct');
    expect(args).toMatchObject({ seed: 9, batchSize: 100, sink: { kind: 'direct' }, now: new Date('2026-01-01T00:00:00Z') });
  });

  it.each([
    ['--days 1 --direct', '--users is required'],
    ['--users 1 --direct', '--days is required'],
    ['--users x --days 1 --direct', '--users must be a whole number ≥ 0, got "x"'],
    ['--users 1 --days 1', 'choose exactly one of --target URL, --direct, --out FILE'],
    ['--users 1 --days 1 --direct --out -', 'choose exactly one of --target URL, --direct, --out FILE'],
    ['--users 1 --days 1 --target http://h', '--target needs an ingest token in TAGSTREAM_TOKEN (or --token T)'],
    ['--users 1 --days 1 --target ftp://h --token t', '--target must be an http(s) URL, got "ftp://h"'],
    ['--users 1 --days 1 --direct --colour red', 'unknown option --colour'],
    ['--users 1 --days 1 --direct --now yesterday', '--now must be an ISO-8601 date-time, got "yesterday"'],
  ])('rejects "%s"', (line, message) => {
    expect(() => parse(line)).toThrow(new SeedArgsError(message));
  });
});
