import type { AppendResult, EventStore, EventToAppend } from '@tagstream/eventstore';

export interface GroupCommitLimits {
  /** Events in one combined append. */
  readonly maxEvents: number;
  /** Approximate JSON bytes of their data in one combined append (EventStoreDB refuses appends over 1 MiB). */
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: GroupCommitLimits = { maxEvents: 256, maxBytes: 512 * 1024 };

interface Waiting {
  readonly events: EventToAppend[];
  readonly bytes: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for the audit streams: appends to one stream that arrive while
 * an append to it is in flight wait, and then go together in a single
 * EventStoreDB append. An idle stream is appended to at once, so a lone
 * request pays no delay; under load one append carries many requests'
 * records instead of one each.
 *
 * Each caller's promise settles only when the append holding its events is
 * acknowledged by the store (and rejects when that append fails), so a caller
 * that waits on it still never answers before its record is durable. The
 * combined append is atomic: all of its callers' events are written, or none.
 * Appends with an expected revision are not grouped (this class takes none).
 * A caller that gives up waiting (the audit writer's timeout) leaves its
 * events queued: they may still be written, so a failed request can leave a
 * record behind, never the reverse.
 */
export class GroupCommitAppender {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(
    private readonly store: Pick<EventStore, 'append'>,
    private readonly limits: GroupCommitLimits = DEFAULT_LIMITS,
    /** Rewrites a group's events just before they are appended together (e.g. several records into one event). */
    private readonly combine: (events: EventToAppend[]) => EventToAppend[] = (events) => events,
  ) {}

  /** Resolves with the result of the combined append (its last event's revision and position). */
  append(stream: string, events: EventToAppend[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { events, bytes: approximateBytes(events), resolve, reject };
      const queue = this.queues.get(stream);
      if (queue) {
        queue.push(waiting);
        return;
      }
      this.queues.set(stream, [waiting]);
      void this.drain(stream);
    });
  }

  /** Appends this stream's queue group by group until it is empty; the stream is then idle again. */
  private async drain(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) {
      const group = this.takeGroup(queue);
      try {
        const result = await this.store.append(stream, this.combine(group.flatMap((waiting) => waiting.events)));
        for (const waiting of group) waiting.resolve(result);
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.queues.delete(stream);
  }

  /** The oldest waiting appends that fit the limits together; always at least one. */
  private takeGroup(queue: Waiting[]): Waiting[] {
    let events = 0;
    let bytes = 0;
    let count = 0;
    for (const waiting of queue) {
      const fits = events + waiting.events.length <= this.limits.maxEvents && bytes + waiting.bytes <= this.limits.maxBytes;
      if (count > 0 && !fits) break;
      events += waiting.events.length;
      bytes += waiting.bytes;
      count += 1;
    }
    return queue.splice(0, count);
  }
}

function approximateBytes(events: readonly EventToAppend[]): number {
  let bytes = 0;
  for (const event of events) bytes += JSON.stringify(event.data).length + 256;
  return bytes;
}
