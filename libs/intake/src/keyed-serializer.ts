/**
 * Runs tasks with the same key one after another, tasks with different keys
 * concurrently. Two requests for one user must not both read the stream tail
 * and append behind it at the same time; requests for different users need
 * not wait for each other.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task, task) : task();
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    void tail.then(() => {
      // Drop the entry once nothing is queued behind this task, so the map only holds busy keys.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get busyKeys(): number {
    return this.tails.size;
  }
}

function noop(): void {}
