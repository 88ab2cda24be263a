import { DomainEvent, toEventToStore, userStreamName } from '@tagstream/events';
import { EventStore } from '@tagstream/eventstore';
import { Position, SourceEvent, SurrogateRegistry, UserEventFeed } from '@tagstream/projection';
import { generatedUserId, generateUserHistories } from '@tagstream/seed';

/** The user streams of `$all` through the real client, as a projector feed. */
export function eventStoreFeed(store: EventStore): UserEventFeed {
  return {
    subscribe(from: Position | undefined, hooks: { onCaughtUp(): void; signal: AbortSignal }): AsyncIterable<SourceEvent> {
      return {
        async *[Symbol.asyncIterator]() {
          const subscription = store.subscribeToAll({ from, streamPrefixes: ['user-'], onCaughtUp: () => hooks.onCaughtUp() });
          const stop = () => void subscription.unsubscribe();
          hooks.signal.addEventListener('abort', stop, { once: true });
          try {
            for await (const event of subscription) {
              yield { position: event.position, streamId: event.streamId, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata, created: event.created };
            }
          } finally {
            hooks.signal.removeEventListener('abort', stop);
            await subscription.unsubscribe();
          }
        },
      };
    },
  };
}

/**
 * Surrogates of generated users (`u<seed>-<index>` → index + 1), the same in
 * every process, so a projector restarted in a new process keeps them. Other
 * ids get surrogates from `others`, in first-seen order.
 */
export class GeneratedUserRegistry implements SurrogateRegistry {
  private readonly others = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly firstOther = 1_000_000,
  ) {}

  async surrogatesFor(userIds: readonly string[]): Promise<Map<string, number>> {
    const prefix = generatedUserId(this.seed, 0).slice(0, -1);
    return new Map(
      userIds.map((id) => {
        const index = id.startsWith(prefix) ? Number(id.slice(prefix.length)) : NaN;
        if (Number.isInteger(index)) return [id, index + 1];
        if (!this.others.has(id)) this.others.set(id, this.firstOther + this.others.size);
        return [id, this.others.get(id)!];
      }),
    );
  }
}

/** Generated histories interleaved by time, as producers would send them. */
export function generatedEvents(users: number, days: number, seed: number): DomainEvent[] {
  const all = [...generateUserHistories({ users, days, seed, now: new Date('2026-11-20T00:00:00Z') })].flat();
  const at = new Map(all.map((event) => [event, Date.parse(event.occurredAt)]));
  return all.sort((a, b) => at.get(a)! - at.get(b)!);
}

/** Appends in batches (grouped per user stream, user order kept); returns the position of the last append. */
export async function appendEvents(store: EventStore, events: readonly DomainEvent[], batchSize = 1_000): Promise<Position | undefined> {
  let last: Position | undefined;
  for (let i = 0; i < events.length; i += batchSize) {
    const byUser = new Map<string, DomainEvent[]>();
    for (const event of events.slice(i, i + batchSize)) {
      const list = byUser.get(event.userId) ?? [];
      list.push(event);
      byUser.set(event.userId, list);
    }
    const results = await Promise.all(
      [...byUser].map(([userId, list]) =>
        store.append(
          userStreamName(userId),
          list.map((event) => {
            const stored = toEventToStore(event, { requestId: 'test', producer: 'test' });
            return { id: stored.eventId, type: stored.type, data: stored.data, metadata: stored.metadata };
          }),
        ),
      ),
    );
    for (const result of results) if (!last || result.position.commit > last.commit) last = result.position;
  }
  return last;
}
