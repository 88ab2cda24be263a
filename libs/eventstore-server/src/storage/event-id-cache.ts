/**
 * Recently written event ids → ordinal, bounded. EventStoreDB likewise keeps a
 * bounded cache of recent event ids to make retried appends with expected
 * revision `any` idempotent; exact expected revisions are checked against the
 * stream itself and need no cache.
 *
 * Eviction goes through a ring of the last `capacity` insertions rather than
 * the Map's own order: taking a Map's first key after many deletions walks
 * over the holes they leave, which made every append pay for earlier ones.
 */
export class EventIdCache {
  private readonly ids = new Map<string, number>();
  private readonly ringIds: Array<string | undefined>;
  private readonly ringOrdinals: Float64Array;
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ringIds = new Array<string | undefined>(capacity).fill(undefined);
    this.ringOrdinals = new Float64Array(capacity);
  }

  get(id: string): number | undefined {
    return this.ids.get(id);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  set(id: string, ordinal: number): void {
    if (this.capacity <= 0) return;
    const slot = this.next;
    const evicted = this.ringIds[slot];
    // Only drop the evicted id if it still maps to this insertion (it may have been set again since).
    if (evicted !== undefined && this.ids.get(evicted) === this.ringOrdinals[slot]) this.ids.delete(evicted);
    this.ringIds[slot] = id;
    this.ringOrdinals[slot] = ordinal;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    this.ids.set(id, ordinal);
  }
}
