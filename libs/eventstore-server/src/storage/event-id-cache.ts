/**
 * Recently written event ids → ordinal, bounded. EventStoreDB likewise keeps a
 * bounded cache of recent event ids to make retried appends with expected
 * revision `any` idempotent; exact expected revisions are checked against the
 * stream itself and need no cache.
 */
export class EventIdCache {
  private readonly ids = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  get(id: string): number | undefined {
    return this.ids.get(id);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  set(id: string, ordinal: number): void {
    this.ids.delete(id);
    this.ids.set(id, ordinal);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value as string;
      this.ids.delete(oldest);
    }
  }
}
