import { EventDataByType, EventTypeName } from './catalog/catalog';

/**
 * One event as the rest of the system sees it: validated on the way in,
 * upcast to the current schema on the way out. Discriminated by `type`, so a
 * `switch (event.type)` narrows `data`.
 */
export type DomainEvent = {
  [K in EventTypeName]: {
    readonly eventId: string;
    readonly type: K;
    readonly userId: string;
    /** ISO-8601 with offset, exactly as the producer sent it. */
    readonly occurredAt: string;
    readonly data: Readonly<EventDataByType[K]>;
  };
}[EventTypeName];

export type DomainEventOf<K extends EventTypeName> = Extract<DomainEvent, { type: K }>;

/** Metadata stored with every event (docs/contract.md §3: the schema version lives here, not in `data`). */
export interface EventMetadata {
  readonly schemaVersion: number;
  readonly occurredAt: string;
  /** The request that wrote the event, for tracing a write back to its HTTP call. */
  readonly requestId: string;
  /** Who wrote it: the ingest token's `sub`. */
  readonly producer: string;
}
