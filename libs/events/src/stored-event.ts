import { eventDefinition, EventTypeName } from './catalog/catalog';
import { DomainEvent, EventMetadata } from './domain-event';
import { userIdFromStream } from './stream-name';
import { catalogUpcasters } from './upcasting/default-upcasters';
import { EventData, UnreadableEventError, UpcasterChain } from './upcasting/upcaster';

/** An event as the event store hands it back, independent of the client library. */
export interface StoredEvent {
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** What to write for one event: the store's id, type, JSON data and JSON metadata. */
export interface EventToStore {
  readonly eventId: string;
  readonly type: EventTypeName;
  readonly data: EventData;
  readonly metadata: EventMetadata;
}

export interface WriteContext {
  readonly requestId: string;
  readonly producer: string;
}

export function toEventToStore(event: DomainEvent, context: WriteContext): EventToStore {
  return {
    eventId: event.eventId,
    type: event.type,
    data: event.data as EventData,
    metadata: {
      schemaVersion: eventDefinition(event.type).schemaVersion,
      occurredAt: event.occurredAt,
      requestId: context.requestId,
      producer: context.producer,
    },
  };
}

/**
 * Turns a stored event back into a current `DomainEvent`: user from the stream
 * name, time from metadata, data upcast from its stored schema version.
 * Metadata without a schema version is read as version 1, the first catalog
 * that wrote one.
 */
export function decodeStoredEvent(stored: StoredEvent, upcasters: UpcasterChain = catalogUpcasters): DomainEvent {
  const userId = userIdFromStream(stored.streamId);
  if (userId === undefined) throw new UnreadableEventError(`"${stored.streamId}" is not a user stream`, 'bad_stream');
  const metadata = (stored.metadata ?? {}) as Partial<EventMetadata>;
  if (typeof metadata.occurredAt !== 'string') {
    throw new UnreadableEventError(`event ${stored.eventId} has no occurredAt in its metadata`, 'bad_metadata');
  }
  const version = typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  const data = upcasters.upcast(stored.type, version, (stored.data ?? {}) as EventData);
  return {
    eventId: stored.eventId,
    type: stored.type,
    userId,
    occurredAt: metadata.occurredAt,
    data,
  } as DomainEvent;
}
