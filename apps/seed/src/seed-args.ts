/** Command line of `npm run seed`. */
export interface SeedArgs {
  readonly users: number;
  readonly days: number;
  readonly seed: number;
  readonly now: Date;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly sink: { kind: 'target'; url: string; token: string } | { kind: 'direct' } | { kind: 'out'; file: string };
}

export const USAGE = `usage: npm run seed -- --users N --days D [--seed S] [--now ISO] (--target URL | --direct | --out FILE|-)
  --users N        how many users (required)
  --days D         length of the history window ending at --now (required)
  --seed S         whole number; same seed, same histories (default 1)
  --now ISO        end of the window (default: now)
  --target URL     POST batches to URL/v1/events with the ingest token in TAGSTREAM_TOKEN
                   (--token T works too, but shows the token to anyone who lists processes)
  --direct         append straight to the event store (EVENTSTORE_CONNECTION_STRING or the embedded server under DATA_DIR)
  --out FILE|-     write NDJSON events to FILE (- for stdout)
  --batch N        events per batch, 1-1000 (default 500)
  --concurrency N  batches in flight (default 4)
Progress goes to stderr; a one-line JSON summary to stdout. A run that stops part-way exits 1 with one
line saying why and how many events were stored; the same command again sends the rest.`;

export class SeedArgsError extends Error {}

export function parseSeedArgs(argv: readonly string[], env: NodeJS.ProcessEnv, now: Date = new Date()): SeedArgs {
  const flags = toFlags(argv);
  const users = wholeNumber(flags, 'users', undefined, 0);
  const days = wholeNumber(flags, 'days', undefined, 1);
  const sinks = ['target', 'direct', 'out'].filter((name) => flags.has(name));
  if (sinks.length !== 1) throw new SeedArgsError('choose exactly one of --target URL, --direct, --out FILE');
  return {
    users,
    days,
    seed: wholeNumber(flags, 'seed', 1, 0),
    now: flags.has('now') ? date(flags.get('now')!) : now,
    batchSize: Math.min(1000, wholeNumber(flags, 'batch', 500, 1)),
    concurrency: wholeNumber(flags, 'concurrency', 4, 1),
    sink: toSink(sinks[0], flags, env),
  };
}

function toSink(kind: string, flags: Map<string, string>, env: NodeJS.ProcessEnv): SeedArgs['sink'] {
  if (kind === 'direct') return { kind };
  if (kind === 'out') return { kind, file: required(flags, 'out') };
  const url = required(flags, 'target').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new SeedArgsError(`--target must be an http(s) URL, got "${url}"`);
  const token = flags.get('token') ?? env.TAGSTREAM_TOKEN;
  if (!token) throw new SeedArgsError('--target needs an ingest token in TAGSTREAM_TOKEN (or --token T)');
  return { kind: 'target', url, token };
}

function toFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new SeedArgsError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (name === 'direct') flags.set(name, 'true');
    else if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else throw new SeedArgsError(`--${name} needs a value`);
  }
  const known = new Set(['users', 'days', 'seed', 'now', 'target', 'token', 'direct', 'out', 'batch', 'concurrency']);
  for (const name of flags.keys()) if (!known.has(name)) throw new SeedArgsError(`unknown option --${name}`);
  return flags;
}

function required(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (value === undefined) throw new SeedArgsError(`--${name} is required`);
  return value;
}

function wholeNumber(flags: Map<string, string>, name: string, fallback: number | undefined, min: number): number {
  const text = flags.get(name);
  if (text === undefined) {
    if (fallback === undefined) throw new SeedArgsError(`--${name} is required`);
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new SeedArgsError(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
  return value;
}

function date(text: string): Date {
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) throw new SeedArgsError(`--now must be an ISO-8601 date-time, got "${text}"`);
  return value;
}
