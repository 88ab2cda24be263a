import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, ExpectedRevision, StreamDeletedError } from '@tagstream/eventstore';
import { Lru } from '../runtime/lru';
import { SurrogateRegistry } from '../runtime/ports';
import { mapLimited } from './map-limited';
import { SurrogateReverseLookup } from './surrogate-reverse-lookup';
import {
  FIRST_SURROGATE,
  MAX_SURROGATE,
  SURROGATE_ALLOCATION_STREAM,
  SURROGATE_ASSIGNED,
  SurrogateAssignedData,
  surrogateStreamName,
  SURROGATES_ALLOCATED,
  SurrogatesAllocatedData,
} from './surrogate-streams';

export interface SurrogateRegistryOptions {
  /** User ids whose surrogate is kept in memory (LRU). */
  cacheSize?: number;
  /** Stream reads and appends in flight at once for one batch. */
  concurrency?: number;
}

const METADATA = { schemaVersion: 1 };
const ALLOCATION_ATTEMPTS = 10;

/** undefined: never assigned; 'forgotten': the mapping stream is tombstoned (erasure). */
type Lookup = number | 'forgotten' | undefined;

/**
 * User id → dense UInt32 surrogate, kept in the event store only
 * (`usermap-<userId>` holding one `SurrogateAssigned`). Numbers come from an
 * allocation stream appended with an expected revision, and each mapping is
 * written with expected revision "no stream", so two writers can never give
 * one number to two people nor two numbers to one person. Rebuilds read the
 * same streams, so surrogates are stable. The projector is the only writer;
 * other processes only look up (`surrogatesOf`, `surrogateOf`).
 *
 * Gaps: numbers allocated by a writer that dies before writing the mappings,
 * or that lose a race for a mapping stream, are never used.
 */
export class EventStoreSurrogateRegistry implements SurrogateRegistry {
  private readonly cache: Lru<string, number>;
  private readonly concurrency: number;
  private readonly reverse: SurrogateReverseLookup;
  private allocation: { next: number; revision: ExpectedRevision } | undefined;

  constructor(
    private readonly store: EventStore,
    options: SurrogateRegistryOptions = {},
  ) {
    this.cache = new Lru(options.cacheSize ?? 500_000);
    this.concurrency = options.concurrency ?? 64;
    this.reverse = new SurrogateReverseLookup(store);
  }

  /** Surrogates of these users, assigning new ones as needed; forgotten users are absent. */
  async surrogatesFor(userIds: readonly string[]): Promise<Map<string, number>> {
    const known = await this.lookup(userIds);
    const found = numbersOf(known);
    const missing = [...new Set(userIds)].filter((id) => !known.has(id));
    if (missing.length === 0) return found;
    const first = await this.allocate(missing.length);
    const assigned = await mapLimited(
      missing.map((userId, i) => ({ userId, surrogate: first + i })),
      this.concurrency,
      ({ userId, surrogate }) => this.assign(userId, surrogate),
    );
    missing.forEach((userId, i) => {
      const surrogate = assigned[i];
      if (surrogate !== undefined) found.set(userId, surrogate);
    });
    return found;
  }

  /** Read-only lookup (the query side's `USER_SURROGATES`): users without a mapping are absent. */
  async surrogatesOf(userIds: readonly string[]): Promise<Map<string, number>> {
    return numbersOf(await this.lookup(userIds));
  }

  /**
   * Surrogate → platform id (segments' `PLATFORM_IDS`, the admin's snapshot
   * delivery): a filtered scan of the mapping streams, see `SurrogateReverseLookup`.
   */
  platformIdsOf(surrogates: readonly number[]): Promise<Map<number, string>> {
    return this.reverse.platformIdsOf(surrogates);
  }

  /** Compliance's `SubjectDirectory.surrogateOf`. */
  async surrogateOf(userId: string): Promise<number | undefined> {
    return (await this.surrogatesOf([userId])).get(userId);
  }

  /**
   * Compliance's `SubjectDirectory.forget`: tombstones the mapping stream (even
   * when there is none, so no number is ever assigned to this id again) and
   * scavenges, so the mapping is gone from disk too. True when there was one.
   */
  async forget(userId: string): Promise<boolean> {
    const existing = await this.read(userId);
    this.cache.delete(userId);
    try {
      await this.store.tombstoneStream(surrogateStreamName(userId));
    } catch (error) {
      if (!(error instanceof StreamDeletedError)) throw error;
    }
    // Also on a repeated call: a scavenge that failed before is what a retry must redo.
    await this.store.scavenge();
    return typeof existing === 'number';
  }

  /** Cached or stored mappings; ids never assigned are absent, forgotten ones say so. */
  private async lookup(userIds: readonly string[]): Promise<Map<string, number | 'forgotten'>> {
    const found = new Map<string, number | 'forgotten'>();
    const uncached: string[] = [];
    for (const userId of new Set(userIds)) {
      const cached = this.cache.get(userId);
      if (cached === undefined) uncached.push(userId);
      else found.set(userId, cached);
    }
    const read = await mapLimited(uncached, this.concurrency, (userId) => this.read(userId));
    uncached.forEach((userId, i) => {
      const surrogate = read[i];
      if (surrogate !== undefined) found.set(userId, surrogate);
    });
    return found;
  }

  private async read(userId: string): Promise<Lookup> {
    let surrogate: number | undefined;
    try {
      // Read to the end (maxCount 1) rather than leaving early: an early exit cancels the call, which is slower.
      for await (const event of this.store.readStream(surrogateStreamName(userId), { maxCount: 1 })) {
        if (event.type === SURROGATE_ASSIGNED) surrogate = (event.data as SurrogateAssignedData).surrogate;
      }
    } catch (error) {
      if (error instanceof StreamDeletedError) return 'forgotten';
      throw error;
    }
    if (surrogate !== undefined) this.cache.set(userId, surrogate);
    return surrogate;
  }

  /** Takes `count` consecutive numbers; retried against a concurrent allocator by expected revision. */
  private async allocate(count: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const current = (this.allocation ??= await this.readAllocation());
      const data: SurrogatesAllocatedData = { first: current.next, next: current.next + count };
      if (data.next - 1 > MAX_SURROGATE) throw new Error(`surrogates exhausted: ${data.next - 1} does not fit in UInt32`);
      try {
        const result = await this.store.append(
          SURROGATE_ALLOCATION_STREAM,
          [{ id: randomUUID(), type: SURROGATES_ALLOCATED, data, metadata: METADATA }],
          current.revision,
        );
        this.allocation = { next: data.next, revision: result.nextRevision };
        return data.first;
      } catch (error) {
        this.allocation = undefined;
        if (!(error instanceof ConcurrencyError) || attempt >= ALLOCATION_ATTEMPTS) throw error;
      }
    }
  }

  private async readAllocation(): Promise<{ next: number; revision: ExpectedRevision }> {
    let last: { next: number; revision: ExpectedRevision } = { next: FIRST_SURROGATE, revision: 'no_stream' };
    for await (const event of this.store.readStream(SURROGATE_ALLOCATION_STREAM, { direction: 'backwards', maxCount: 1 })) {
      last = { next: (event.data as SurrogatesAllocatedData).next, revision: event.revision };
    }
    return last;
  }

  /** Writes the mapping unless someone else did first (then theirs holds); undefined when the id was forgotten. */
  private async assign(userId: string, surrogate: number): Promise<number | undefined> {
    const data: SurrogateAssignedData = { surrogate };
    try {
      await this.store.append(surrogateStreamName(userId), [{ id: randomUUID(), type: SURROGATE_ASSIGNED, data, metadata: METADATA }], 'no_stream');
      this.cache.set(userId, surrogate);
      return surrogate;
    } catch (error) {
      if (error instanceof StreamDeletedError) return undefined;
      if (!(error instanceof ConcurrencyError)) throw error;
      const theirs = await this.read(userId);
      return typeof theirs === 'number' ? theirs : undefined;
    }
  }
}

function numbersOf(known: Map<string, number | 'forgotten'>): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const [userId, surrogate] of known) if (surrogate !== 'forgotten') numbers.set(userId, surrogate);
  return numbers;
}
