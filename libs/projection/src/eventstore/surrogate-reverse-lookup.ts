import { EventStore, StorePosition, StoredEvent } from '@tagstream/eventstore';
import { comparePositions } from '../core/position';
import {
  SURROGATE_ALLOCATION_STREAM,
  SURROGATE_ASSIGNED,
  SURROGATE_STREAM_PREFIX,
  SurrogateAssignedData,
  SURROGATES_ALLOCATED,
  SurrogatesAllocatedData,
} from './surrogate-streams';

/** The event EventStoreDB (and the embedded server) writes into a tombstoned stream. */
const STREAM_DELETED = '$streamDeleted';

interface Allocation {
  readonly first: number;
  readonly position: StorePosition;
}

/**
 * Surrogate → platform user id, for the admin's delivery of a snapshot. The
 * mapping is kept only as `usermap-<userId>` streams (the id is in the stream
 * name), so there is no index by surrogate: a lookup scans the `usermap-`
 * events of `$all` with a server-side stream-name filter and stops once every
 * wanted surrogate is found (or at the end of what is stored).
 *
 * The scan does not start at the beginning: numbers are handed out in
 * ascending ranges by `SurrogatesAllocated` events, and a mapping is always
 * appended after the allocation that produced its number. The allocation
 * covering the smallest wanted surrogate is therefore a safe start. Snapshot
 * pages ask for ascending surrogates, so delivering a whole snapshot reads the
 * mapping region of its members about once rather than once per page.
 *
 * A mapping stream seen tombstoned during the scan is dropped. A tombstone
 * later in `$all` than where the scan stops is not seen, so callers must also
 * leave out erased people (`ErasureRegistry`): erasure records them before it
 * tombstones anything.
 */
export class SurrogateReverseLookup {
  private readonly allocations: Allocation[] = [];
  private nextRevision: bigint | 'start' = 'start';
  private refreshing: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  /** Platform ids of these surrogates; surrogates without a live mapping are absent. */
  async platformIdsOf(surrogates: readonly number[]): Promise<Map<number, string>> {
    const wanted = new Set(surrogates);
    const found = new Map<number, string>();
    const head = await this.store.headPosition();
    if (wanted.size === 0 || !head) return found;
    const from = await this.scanStart(minimum(wanted));
    const surrogateOfUser = new Map<string, number>();
    await this.scanMappings(from, head.position, (event) => {
      const userId = event.streamId.slice(SURROGATE_STREAM_PREFIX.length);
      if (event.type === STREAM_DELETED) {
        const surrogate = surrogateOfUser.get(userId);
        if (surrogate !== undefined) found.delete(surrogate);
        return false;
      }
      if (event.type !== SURROGATE_ASSIGNED) return false;
      const { surrogate } = event.data as SurrogateAssignedData;
      if (!wanted.has(surrogate)) return false;
      found.set(surrogate, userId);
      surrogateOfUser.set(userId, surrogate);
      return found.size === wanted.size;
    });
    return found;
  }

  /** Exclusive start of the scan for `surrogate`: the allocation that handed it out, or the beginning. */
  private async scanStart(surrogate: number): Promise<StorePosition | undefined> {
    await this.refreshAllocations();
    let low = 0;
    let high = this.allocations.length - 1;
    let at: Allocation | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.allocations[mid].first <= surrogate) (at = this.allocations[mid]), (low = mid + 1);
      else high = mid - 1;
    }
    return at?.position;
  }

  /**
   * Filtered catch-up subscription from `from` (exclusive) that ends when
   * `visit` says so, when the subscription reports caught-up, or when a
   * checkpoint reaches `head` (servers that do not report caught-up).
   */
  private async scanMappings(from: StorePosition | undefined, head: StorePosition, visit: (event: StoredEvent) => boolean): Promise<void> {
    let stopping: Promise<void> | undefined;
    const end = () => {
      stopping ??= subscription.unsubscribe();
    };
    const subscription = this.store.subscribeToAll({
      ...(from ? { from } : {}),
      streamPrefixes: [SURROGATE_STREAM_PREFIX],
      eventTypePrefixes: [SURROGATE_ASSIGNED, STREAM_DELETED],
      // Checkpoints every 32 × 32 examined events: the head check needs no finer grain.
      checkpointInterval: 32,
      onCaughtUp: end,
      onCheckpoint: (position) => {
        if (comparePositions(position, head) >= 0) end();
      },
    });
    try {
      for await (const event of subscription) {
        if (stopping || visit(event) || comparePositions(event.position, head) >= 0) break;
      }
    } finally {
      await (stopping ??= subscription.unsubscribe());
    }
  }

  /** The allocation stream is append-only: read what is new since the last call. */
  private refreshAllocations(): Promise<void> {
    this.refreshing ??= this.readNewAllocations().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readNewAllocations(): Promise<void> {
    for await (const event of this.store.readStream(SURROGATE_ALLOCATION_STREAM, { fromRevision: this.nextRevision })) {
      if (event.type === SURROGATES_ALLOCATED) {
        this.allocations.push({ first: (event.data as SurrogatesAllocatedData).first, position: event.position });
      }
      this.nextRevision = event.revision + 1n;
    }
  }
}

function minimum(values: Iterable<number>): number {
  let min = Infinity;
  for (const value of values) if (value < min) min = value;
  return min;
}
