import { setTimeout as delay } from 'node:timers/promises';
import { ServiceUnavailableError } from '@tagstream/common';
import { EventStore, StoredEvent } from '@tagstream/eventstore';
import { Position } from '../core/position';
import { SourceEvent } from '../core/source-event';
import { FeedHooks, UserEventFeed } from '../runtime/ports';

export const USER_STREAM_PREFIX = 'user-';

export interface UserEventFeedOptions {
  retryInitialMs?: number;
  retryMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;
  /** Called each time the store dropped the subscription and it is opened again. */
  onResubscribe?: (attempt: number, error: unknown) => void;
}

/**
 * The projector's catch-up subscription: `$all` filtered on the server to
 * `user-` streams, strictly after the stored checkpoint. When the store drops
 * the subscription (unavailable, restarted), it is opened again after the
 * last event already handed out, with exponential back-off, so the projector
 * keeps the batch it is building. Other errors end the iteration with the
 * error (the projector then resubscribes from its checkpoint).
 */
export class EventStoreUserEventFeed implements UserEventFeed {
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly options: UserEventFeedOptions = {},
  ) {
    this.initialMs = options.retryInitialMs ?? 100;
    this.maxMs = options.retryMaxMs ?? 10_000;
  }

  subscribe(from: Position | undefined, hooks: FeedHooks): AsyncIterable<SourceEvent> {
    return { [Symbol.asyncIterator]: () => this.follow(from, hooks) };
  }

  private async *follow(from: Position | undefined, hooks: FeedHooks): AsyncGenerator<SourceEvent> {
    let after = from;
    let failures = 0;
    while (!hooks.signal.aborted) {
      const subscription = this.store.subscribeToAll({
        ...(after ? { from: after } : {}),
        streamPrefixes: [USER_STREAM_PREFIX],
        onCaughtUp: () => hooks.onCaughtUp(),
        ...(hooks.onCheckpoint ? { onCheckpoint: (position: Position) => hooks.onCheckpoint?.(position) } : {}),
      });
      const stop = () => void subscription.unsubscribe();
      hooks.signal.addEventListener('abort', stop, { once: true });
      let dropped: unknown = new ServiceUnavailableError('the event store ended the subscription');
      try {
        for await (const event of subscription) {
          failures = 0;
          after = event.position;
          yield toSourceEvent(event);
        }
      } catch (error) {
        if (!(error instanceof ServiceUnavailableError)) throw error;
        dropped = error;
      } finally {
        hooks.signal.removeEventListener('abort', stop);
        await subscription.unsubscribe();
      }
      if (hooks.signal.aborted) return;
      failures++;
      const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** (failures - 1));
      const waitMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      this.options.log?.('warn', 'event store dropped the subscription; resubscribing', { failures, waitMs, error: (dropped as Error).message });
      this.options.onResubscribe?.(failures, dropped);
      await delay(waitMs, undefined, { signal: hooks.signal }).catch(() => undefined);
    }
  }
}

export function toSourceEvent(event: StoredEvent): SourceEvent {
  return {
    position: event.position,
    streamId: event.streamId,
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    created: event.created,
  };
}
