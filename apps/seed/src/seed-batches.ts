import { DomainEvent } from '@tagstream/events';
import { generateUserHistories, GenerateOptions } from '@tagstream/seed';

export interface SeedBatch {
  readonly events: DomainEvent[];
  /** Users whose last event is in this batch (for progress by user). */
  readonly usersCompleted: number;
}

/** Cuts the generated histories into batches, keeping the generator's per-user order. */
export function* seedBatches(options: GenerateOptions, batchSize: number): Generator<SeedBatch> {
  let events: DomainEvent[] = [];
  let usersCompleted = 0;
  for (const history of generateUserHistories(options)) {
    for (const event of history) {
      events.push(event);
      if (events.length === batchSize) {
        yield { events, usersCompleted };
        events = [];
        usersCompleted = 0;
      }
    }
    usersCompleted++;
  }
  if (events.length || usersCompleted) yield { events, usersCompleted };
}

/** Sends items with at most `concurrency` in flight; the first failure stops the run and is thrown. */
export async function pump<T>(items: Iterable<T>, concurrency: number, send: (item: T) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const item of items) {
    if (failure) break;
    const sending: Promise<void> = send(item)
      .catch((error) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
}
