import { LineageEntry } from '../taxonomy/tag-definition';
import { checkField, FieldValue } from './field-checks';
import { UnprocessableEventError } from './unprocessable-event.error';

/** What the fold accepts: the envelope of a catalog event (docs/contract.md §3), with or without `eventId`/`userId`. */
export interface TaggableEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What a rule sees: the event type and only the `data` fields its lineage declares, checked and frozen. */
export interface ReducedEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, FieldValue | undefined>>;
}

/**
 * Copies the declared fields, and nothing else, into a fresh frozen object with
 * no prototype, so a rule cannot reach any other field of the raw event.
 */
export function reduceEvent(event: TaggableEvent, entry: LineageEntry): ReducedEvent {
  const data: Record<string, FieldValue | undefined> = Object.create(null);
  for (const field of entry.fields) {
    const value = event.data[field];
    if (value === undefined && entry.optional?.includes(field)) continue;
    if (value === undefined) throw new UnprocessableEventError('is missing', `data.${field}`);
    const problem = checkField(field, value);
    if (problem) throw new UnprocessableEventError(problem, `data.${field}`);
    data[field] = value as FieldValue;
  }
  return Object.freeze({ type: entry.eventType, data: Object.freeze(data) });
}
