import { EventStore } from '@tagstream/eventstore';
import { isAfter, Position } from '../core/position';
import { StoreHead, UnscannedEvent } from '../runtime/ports';
import { USER_STREAM_PREFIX } from './event-store-user-event-feed';

/** How many events after the scanned position are read, at most, to find the first user event. */
const LOOK_AHEAD = 64;

/**
 * The store's head for freshness: the last event of `$all`, and the first
 * user-stream event after a position. Events of other streams (the mapping
 * streams the projector writes itself, dead letters, compliance) are skipped:
 * the subscription never delivers them, and a real EventStoreDB does not
 * always send a checkpoint past the last of them.
 */
export class EventStoreHead implements StoreHead {
  constructor(private readonly store: EventStore) {}

  async head(): Promise<Position | null> {
    return (await this.store.headPosition())?.position ?? null;
  }

  async firstAfter(position: Position | undefined): Promise<UnscannedEvent | null> {
    let first: UnscannedEvent | undefined;
    let firstOfUser: UnscannedEvent | undefined;
    let read = 0;
    // The window is read to its end, never left early: a read cancelled midway was seen to keep the client's `close()` waiting.
    for await (const event of this.store.readAll(position ? { from: position, maxCount: LOOK_AHEAD } : { maxCount: LOOK_AHEAD })) {
      read++;
      if (!isAfter(event.position, position)) continue;
      first ??= { position: event.position, created: event.created };
      if (!firstOfUser && event.streamId.startsWith(USER_STREAM_PREFIX)) firstOfUser = { position: event.position, created: event.created };
    }
    if (firstOfUser) return firstOfUser;
    // A full window of other streams' events: something may still lie beyond it; count from the first one read.
    return read >= LOOK_AHEAD && first ? first : null;
  }
}
