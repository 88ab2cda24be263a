/**
 * What the service knows about the end of one user stream: the revision of
 * its last event (-1n: the stream does not exist) and the ids of its most
 * recent events (the whole stream when it is short).
 */
export interface StreamTail {
  readonly revision: bigint;
  readonly ids: Set<string>;
  /** Whether `ids` reaches back to the first event of the stream. */
  readonly complete: boolean;
}

/**
 * A bounded cache of stream tails, least recently used first out. The bound
 * is on the number of ids held (the memory that matters), not on users. An
 * entry is only a hint: every append made from it names the revision it
 * expects, so a stale entry costs a retry, never a duplicate.
 */
export class StreamTailCache {
  private readonly entries = new Map<string, StreamTail>();
  private idCount = 0;

  constructor(private readonly maxIds: number) {}

  get(userId: string): StreamTail | undefined {
    const tail = this.entries.get(userId);
    if (tail) {
      this.entries.delete(userId);
      this.entries.set(userId, tail);
    }
    return tail;
  }

  set(userId: string, tail: StreamTail): void {
    this.forget(userId);
    this.entries.set(userId, tail);
    this.idCount += tail.ids.size;
    this.evict();
  }

  forget(userId: string): void {
    const old = this.entries.get(userId);
    if (!old) return;
    this.entries.delete(userId);
    this.idCount -= old.ids.size;
  }

  get size(): { users: number; ids: number } {
    return { users: this.entries.size, ids: this.idCount };
  }

  private evict(): void {
    for (const [userId, tail] of this.entries) {
      if (this.idCount <= this.maxIds) return;
      this.entries.delete(userId);
      this.idCount -= tail.ids.size;
    }
  }
}
