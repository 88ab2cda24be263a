import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  type ResolvedEvent,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import { mapClientError } from './map-client-error';
import { toStoredEvent } from './stored-event.mapper';
import type { EventStoreSubscription, StoredEvent, SubscribeToAllOptions, StorePosition } from './event-store.types';

const MARKER = Symbol('subscription-marker');
type Marker = { [MARKER]: 'checkpoint'; position: StorePosition } | { [MARKER]: 'caughtUp' };

/**
 * A filtered catch-up subscription to `$all`. The client reports checkpoints
 * and caught-up out of band, possibly before the events ahead of them have been
 * consumed; both are pushed into the event stream itself as markers, so that
 * `onCheckpoint` runs only after every earlier event has been processed.
 */
export function subscribeToAll(client: EventStoreDBClient, options: SubscribeToAllOptions): EventStoreSubscription {
  const checkpointInterval = Math.max(1, options.checkpointInterval ?? 1);
  const checkpointReached = (sub: AllStreamSubscription, position: StorePosition): void => {
    (sub as unknown as { push(v: unknown): boolean }).push({ [MARKER]: 'checkpoint', position } satisfies Marker);
  };
  const filterOptions = { checkpointInterval, checkpointReached };
  const streamPrefixes = options.streamPrefixes ?? [];
  const typePrefixes = options.eventTypePrefixes ?? [];
  const filter =
    streamPrefixes.length > 0
      ? streamNameFilter({ prefixes: streamPrefixes, ...filterOptions })
      : typePrefixes.length > 0
        ? eventTypeFilter({ prefixes: typePrefixes, ...filterOptions })
        : excludeSystemEvents(filterOptions);
  const subscription = client.subscribeToAll({ fromPosition: options.from ?? START, filter });
  subscription.on('caughtUp', () => {
    (subscription as unknown as { push(v: unknown): boolean }).push({ [MARKER]: 'caughtUp' } satisfies Marker);
  });
  const wantsType = typeFilter(streamPrefixes.length > 0 ? typePrefixes : []);

  let unsubscribed = false;
  async function* events(): AsyncGenerator<StoredEvent> {
    try {
      for await (const item of subscription as AsyncIterable<ResolvedEvent | Marker>) {
        if (MARKER in item) {
          if (item[MARKER] === 'checkpoint') await options.onCheckpoint?.(item.position);
          else options.onCaughtUp?.();
          continue;
        }
        const event = toStoredEvent(item);
        if (event && wantsType(event.type)) yield event;
      }
    } catch (error) {
      if (unsubscribed) return;
      throw mapClientError(error);
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    unsubscribe: async () => {
      if (unsubscribed) return;
      unsubscribed = true;
      await subscription.unsubscribe();
      subscription.destroy();
      void iterator.return(undefined);
    },
  };
}

/**
 * Client-side type check: server filters take one kind of expression, so with
 * stream prefixes the type prefixes are applied here. System events (`$…`) are
 * skipped unless a type prefix asks for them.
 */
function typeFilter(prefixes: string[]): (type: string) => boolean {
  const wantsSystem = prefixes.some((p) => p.startsWith('$'));
  return (type) => {
    if (type.startsWith('$') && !wantsSystem) return false;
    return prefixes.length === 0 || prefixes.some((p) => type.startsWith(p));
  };
}
