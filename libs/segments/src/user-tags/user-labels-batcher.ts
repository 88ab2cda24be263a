import { utcDayOf } from '../expression';
import type { UserLabels } from '../labels/label-queries';

/** Reads the labels of many users for the windows ending with the day of `asOf`. */
export type UserLabelsReader<T = UserLabels> = (users: readonly number[], asOf: Date) => Promise<Map<number, T>>;

/** Users in one read: the recommender's batch route asks for up to 100 at once. */
const DEFAULT_MAX_USERS = 1_000;

interface Waiting<T> {
  readonly day: string;
  readonly asOf: Date;
  readonly users: readonly number[];
  readonly resolve: (labels: Map<number, T>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces the recommender's lookups: while one read of the label tables is
 * in flight, the lookups that arrive wait and then share the next read (one
 * per UTC day of `asOf`, the only thing the windows depend on). Every read
 * of ClickHouse has a fixed cost of a few milliseconds whatever it reads
 * (parse, plan, and on chDB one engine serving queries one at a time), so
 * under load one read serves many requests instead of each paying it; an idle
 * service reads at once, adding no delay.
 */
export class UserLabelsBatcher<T = UserLabels> {
  private readonly queue: Waiting<T>[] = [];
  private draining = false;

  constructor(
    private readonly read: UserLabelsReader<T>,
    private readonly maxUsers = DEFAULT_MAX_USERS,
  ) {}

  /** The labels of those of `users` that have been projected, as one read of them alone would give. */
  load(users: readonly number[], asOf: Date): Promise<Map<number, T>> {
    if (users.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.queue.push({ day: utcDayOf(asOf), asOf, users, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      const users = new Set<number>();
      for (const waiting of group) for (const user of waiting.users) users.add(user);
      try {
        const labels = await this.read([...users], group[0].asOf);
        for (const waiting of group) waiting.resolve(only(labels, waiting.users));
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.draining = false;
  }

  /** The oldest waiting lookup and every other one of the same day that fits in the read; in arrival order. */
  private takeGroup(): Waiting<T>[] {
    const day = this.queue[0].day;
    const group: Waiting<T>[] = [];
    let users = 0;
    for (let i = 0; i < this.queue.length; ) {
      const waiting = this.queue[i];
      if (waiting.day !== day || (group.length > 0 && users + waiting.users.length > this.maxUsers)) {
        i += 1;
        continue;
      }
      group.push(waiting);
      users += waiting.users.length;
      this.queue.splice(i, 1);
    }
    return group;
  }
}

function only<T>(labels: Map<number, T>, users: readonly number[]): Map<number, T> {
  const mine = new Map<number, T>();
  for (const user of users) {
    const found = labels.get(user);
    if (found) mine.set(user, found);
  }
  return mine;
}
