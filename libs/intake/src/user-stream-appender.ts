import { ServiceUnavailableError } from '@tagstream/common';
import { DomainEvent, toEventToStore, userStreamName, WriteContext } from '@tagstream/events';
import { ConcurrencyError, EventStore, StoredEvent } from '@tagstream/eventstore';
import { KeyedSerializer } from './keyed-serializer';
import { StreamTail, StreamTailCache } from './stream-tail-cache';

export interface AppendOutcome {
  readonly accepted: number;
  readonly duplicates: number;
}

export interface AppenderOptions {
  /** How many of a user's most recent event ids are checked for duplicates (the idempotency window). */
  readonly idempotencyWindow: number;
  /** Upper bound on event ids held by the tail cache across all users. */
  readonly cachedIds: number;
  /** Appends retried after losing a race for the same stream. */
  readonly maxAttempts: number;
}

export const DEFAULT_APPENDER_OPTIONS: AppenderOptions = {
  idempotencyWindow: 10_000,
  cachedIds: 1_000_000,
  maxAttempts: 4,
};

/**
 * Appends one user's events to `user-<userId>` exactly once per eventId.
 *
 * The check does not rest on the event store's own duplicate detection (a
 * best-effort cache in EventStoreDB). Before writing, the service knows the
 * stream's tail — from its cache, or read back from the stream — drops the
 * events whose ids are already there, and appends the rest naming the revision
 * it read. If anything was written in between (another request, another
 * replica), the append fails on the revision, the tail is read again and the
 * check repeats. So an id found in the window is never written twice, whoever
 * wrote it first. See libs/intake/README.md for the limits.
 */
export class UserStreamAppender {
  private readonly tails: StreamTailCache;
  private readonly serializer = new KeyedSerializer();
  private readonly options: AppenderOptions;

  constructor(
    private readonly store: EventStore,
    options: Partial<AppenderOptions> = {},
  ) {
    this.options = { ...DEFAULT_APPENDER_OPTIONS, ...options };
    this.tails = new StreamTailCache(this.options.cachedIds);
  }

  /** `events` all belong to `userId`, in the order to store them. */
  append(userId: string, events: readonly DomainEvent[], context: WriteContext): Promise<AppendOutcome> {
    return this.serializer.run(userId, () => this.appendSerially(userId, events, context));
  }

  get cacheSize(): { users: number; ids: number } {
    return this.tails.size;
  }

  private async appendSerially(userId: string, events: readonly DomainEvent[], context: WriteContext): Promise<AppendOutcome> {
    const stream = userStreamName(userId);
    let tail = this.tails.get(userId) ?? (await this.readTail(userId, stream));
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const fresh = newEvents(events, tail.ids);
      if (fresh.length === 0) return { accepted: 0, duplicates: events.length };
      try {
        const result = await this.store.append(
          stream,
          fresh.map((event) => toStoreEvent(event, context)),
          tail.revision < 0n ? 'no_stream' : tail.revision,
        );
        this.remember(userId, tail, fresh, result.nextRevision);
        return { accepted: fresh.length, duplicates: events.length - fresh.length };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) {
          // The append may or may not have been written: only the stream can tell, so read it next time.
          this.tails.forget(userId);
          throw error;
        }
        tail = await this.readTail(userId, stream);
      }
    }
    this.tails.forget(userId);
    throw new ServiceUnavailableError(`stream ${stream} kept changing under ${this.options.maxAttempts} attempts`, 1);
  }

  private async readTail(userId: string, stream: string): Promise<StreamTail> {
    const window = this.options.idempotencyWindow;
    const recent: StoredEvent[] = [];
    for await (const event of this.store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: window })) {
      recent.push(event);
    }
    if (recent.length === 0) return { revision: -1n, ids: new Set(), complete: true };
    const ids = new Set(recent.map((event) => event.id).reverse());
    const tail: StreamTail = { revision: recent[0].revision, ids, complete: recent.length < window || recent[recent.length - 1].revision === 0n };
    this.tails.set(userId, tail);
    return tail;
  }

  private remember(userId: string, tail: StreamTail, written: readonly DomainEvent[], revision: bigint): void {
    // The id set is owned by the cache and grown in place (copying a long tail per append would cost more than the append).
    this.tails.forget(userId);
    const ids = tail.ids;
    for (const event of written) ids.add(event.eventId);
    let complete = tail.complete;
    for (const oldest of ids) {
      if (ids.size <= this.options.idempotencyWindow) break;
      ids.delete(oldest);
      complete = false;
    }
    this.tails.set(userId, { revision, ids, complete });
  }
}

/** Events whose id is neither in the stream's tail nor earlier in the same batch (first occurrence wins). */
function newEvents(events: readonly DomainEvent[], known: ReadonlySet<string>): DomainEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (known.has(event.eventId) || seen.has(event.eventId)) return false;
    seen.add(event.eventId);
    return true;
  });
}

function toStoreEvent(event: DomainEvent, context: WriteContext) {
  const stored = toEventToStore(event, context);
  return { id: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata };
}
