/**
 * Persisted events are named explicitly, never after a class: renaming or
 * moving a class must not change what is written to, or read from, the store.
 */
export interface EventTypeMeta {
  /** The stable type name written to the event store. */
  readonly name: string;
  /** The current schema version of `data`, written to every event's metadata. */
  readonly schemaVersion: number;
}

const EVENT_TYPE_META = Symbol('tagstream.eventType');

export type EventDataClass = (new () => object) & { [EVENT_TYPE_META]?: EventTypeMeta };

export function EventType(name: string, schemaVersion: number): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, EVENT_TYPE_META, { value: Object.freeze({ name, schemaVersion }) });
  };
}

export function eventTypeOf(dataClass: EventDataClass): EventTypeMeta {
  const meta = dataClass[EVENT_TYPE_META];
  if (!meta) throw new Error(`${dataClass.name} has no @EventType(name, schemaVersion)`);
  return meta;
}
