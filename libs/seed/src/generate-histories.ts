import { DomainEvent } from '@tagstream/events';
import { fundsByCategory, fundUniverse } from './fund-universe';
import { createRandom } from './random';
import { Catalogue, UserHistory } from './user-history';
import { DAY, drawProfile } from './user-profile';

export interface GenerateOptions {
  /** How many users (ids `u<seed>-<index>`). */
  readonly users: number;
  /** Length of the history window, ending at `now`. */
  readonly days: number;
  /** Same seed, users, days and now give the same events, ids included. Default 1. */
  readonly seed?: number;
  /** End of the window; no event is later. */
  readonly now: Date;
  /** First user index (default 0), to generate a slice of a larger population. */
  readonly firstUser?: number;
}

/**
 * Yields every user's history, one user after another, each in time order (so
 * per-user order holds and memory stays flat however many users there are).
 * A user's history depends only on (seed, index, days, now): user 7 is the
 * same whether 10 or 10 000 users are generated.
 */
export function* generateHistories(options: GenerateOptions): Generator<DomainEvent> {
  for (const history of generateUserHistories(options)) yield* history;
}

/** The same histories, one array per user. */
export function* generateUserHistories(options: GenerateOptions): Generator<DomainEvent[]> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const catalogue = defaultCatalogue();
  const to = options.now.getTime();
  const window = { from: to - options.days * DAY, to };
  const first = options.firstUser ?? 0;
  for (let index = first; index < first + options.users; index++) {
    const random = createRandom(`tagstream-seed:${seed}:${index}`);
    const profile = drawProfile(random, generatedUserId(seed, index), window);
    yield new UserHistory(random, profile, window, catalogue).play();
  }
}

export function generatedUserId(seed: number, index: number): string {
  return `u${seed}-${index}`;
}

let catalogue: Catalogue | undefined;
function defaultCatalogue(): Catalogue {
  if (!catalogue) {
    const funds = fundUniverse();
    catalogue = { funds, byCategory: fundsByCategory(funds) };
  }
  return catalogue;
}

function checkOptions({ users, days, seed, now }: GenerateOptions): void {
  if (!Number.isInteger(users) || users < 0) throw new RangeError(`users must be a whole number ≥ 0, got ${users}`);
  if (!(days > 0) || days > 3650) throw new RangeError(`days must be in (0, 3650], got ${days}`);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) throw new RangeError(`seed must be a whole number ≥ 0, got ${seed}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
}

/** Groups an event stream into batches of at most `size`. */
export function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
