import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { DeadLetter, DeadLetterSink, Position, SourceEvent, SurrogateRegistry, UserEventFeed } from '@tagstream/projection';

/**
 * An ordered log standing in for `$all` in tests of the projection core: the
 * projector reaches the event store only through these ports.
 */
export class MemoryLog implements UserEventFeed {
  readonly events: SourceEvent[] = [];

  append(event: DomainEvent, overrides: Partial<SourceEvent> = {}): SourceEvent {
    const stored = toEventToStore(event, { requestId: 'r', producer: 'test' });
    const n = BigInt(this.events.length + 1) * 100n;
    const source: SourceEvent = {
      position: { commit: n, prepare: n },
      streamId: userStreamName(event.userId),
      eventId: stored.eventId,
      type: stored.type,
      data: stored.data,
      metadata: stored.metadata,
      created: new Date(Date.UTC(2026, 0, 1) + this.events.length),
      ...overrides,
    };
    this.events.push(source);
    return source;
  }

  /** Yields the events after `from`, then reports caught-up; stops after `limit` events when given. */
  subscribe(from: Position | undefined, hooks: { onCaughtUp(): void; signal: AbortSignal }, limit = Infinity): AsyncIterable<SourceEvent> {
    const events = this.events;
    return {
      async *[Symbol.asyncIterator]() {
        let yielded = 0;
        for (const event of events) {
          if (from && (event.position.commit < from.commit || (event.position.commit === from.commit && event.position.prepare <= from.prepare))) continue;
          if (hooks.signal.aborted || yielded >= limit) return;
          yielded++;
          yield event;
        }
        hooks.onCaughtUp();
      },
    };
  }

  /** A feed that ends (like a dropped connection) after `limit` events. */
  cut(limit: number): UserEventFeed {
    return { subscribe: (from, hooks) => this.subscribe(from, hooks, limit) };
  }
}

export class MemoryRegistry implements SurrogateRegistry {
  readonly assigned = new Map<string, number>();

  async surrogatesFor(userIds: readonly string[]): Promise<Map<string, number>> {
    for (const id of userIds) if (!this.assigned.has(id)) this.assigned.set(id, this.assigned.size + 1);
    return new Map(userIds.map((id) => [id, this.assigned.get(id)!]));
  }
}

export class MemoryDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  async write(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }
}
