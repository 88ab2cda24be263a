import { Clock, copyKnownKeys, unknownKeys, ValidationFailedError } from '@tagstream/common';
import { validateSync, ValidatorOptions } from 'class-validator';
import { EVENT_TYPES, eventDefinition, EventTypeName, isEventType } from '../catalog/catalog';
import { DomainEvent } from '../domain-event';
import { EventEnvelopeDto } from './event-envelope.dto';
import { MAX_FUTURE_SKEW_MS, parseOccurredAt } from './occurred-at';
import { EventProblem, problem, toProblems } from './problems';

export const MAX_EVENTS_PER_BATCH = 1000;

export type BatchValidation =
  | { readonly ok: true; readonly events: DomainEvent[] }
  | { readonly ok: false; readonly problems: EventProblem[] };

/** Unknown fields are errors, not silently dropped: a typo in a producer must not lose data quietly. */
const STRICT: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

const BATCH_FIELDS = new Set(['events']);
const ENVELOPE_FIELDS = ['eventId', 'type', 'userId', 'occurredAt', 'data'];
const ENVELOPE_FIELD_SET: ReadonlySet<string> = new Set(ENVELOPE_FIELDS);

/**
 * Validates a posted body `{ "events": [ … ] }` as a whole. Either every event
 * is valid and they come back typed (eventIds lower-cased, in the order
 * given), or every problem comes back, each by index, field path and rule.
 */
export function validateEventBatch(body: unknown, clock: Clock): BatchValidation {
  const shapeProblems = checkBatchShape(body);
  if (shapeProblems.length) return { ok: false, problems: shapeProblems };
  const items = (body as { events: unknown[] }).events;
  const now = clock().getTime();
  const problems: EventProblem[] = [];
  const events: DomainEvent[] = [];
  const firstUseOfId = new Map<string, { index: number; userId: unknown }>();
  items.forEach((item, index) => {
    const itemProblems = checkEvent(item, index, now);
    if (itemProblems.length === 0) itemProblems.push(...checkIdReuse(item as EventEnvelopeDto, index, firstUseOfId));
    if (itemProblems.length) problems.push(...itemProblems);
    else if (problems.length === 0) events.push(toDomainEvent(item as EventEnvelopeDto));
  });
  return problems.length ? { ok: false, problems } : { ok: true, events };
}

/** Same as `validateEventBatch`, throwing `ValidationFailedError` (a 400 with every problem) when invalid. */
export function parseEventBatch(body: unknown, clock: Clock): DomainEvent[] {
  const result = validateEventBatch(body, clock);
  if (!result.ok) {
    const count = new Set(result.problems.map((p) => p.index)).size;
    throw new ValidationFailedError(`the batch was rejected: ${describeCount(result.problems, count)}`, result.problems);
  }
  return result.events;
}

function describeCount(problems: EventProblem[], itemCount: number): string {
  const itemLevel = problems.some((p) => p.index !== undefined);
  return itemLevel ? `${itemCount} event(s) invalid, nothing was written` : 'the body is not a valid batch';
}

function checkBatchShape(body: unknown): EventProblem[] {
  if (!isPlainObject(body)) return [problem('body', 'isObject', 'must be a JSON object { "events": [ … ] }')];
  const problems = unknownKeys(body, BATCH_FIELDS).map((key) => problem(key, 'unknownField', 'is not a field of the batch'));
  const events = (body as { events?: unknown }).events;
  if (events === undefined) problems.push(problem('events', 'isDefined', 'is required'));
  else if (!Array.isArray(events)) problems.push(problem('events', 'isArray', 'must be an array of events'));
  else if (events.length === 0) problems.push(problem('events', 'arrayMinSize', 'must hold at least 1 event'));
  else if (events.length > MAX_EVENTS_PER_BATCH) {
    problems.push(problem('events', 'arrayMaxSize', `must hold at most ${MAX_EVENTS_PER_BATCH} events, got ${events.length}`));
  }
  return problems;
}

function checkEvent(item: unknown, index: number, now: number): EventProblem[] {
  const path = `events[${index}]`;
  if (!isPlainObject(item)) return [problem(path, 'isObject', 'must be an event object', index)];
  // class-validator sees only the known fields; unknown ones are named here, by their real names.
  const envelope = copyKnownKeys<EventEnvelopeDto>(item, ENVELOPE_FIELDS, EventEnvelopeDto.prototype);
  const problems = toProblems(validateSync(envelope, STRICT), path, index, ENVELOPE_FIELDS);
  problems.push(...unknownFieldProblems(item, ENVELOPE_FIELD_SET, path, index));
  for (const p of problems) if (p.rule === 'knownType') p.allowed = EVENT_TYPES;
  const occurredAt = parseOccurredAt(envelope.occurredAt);
  if (occurredAt !== undefined && occurredAt > now + MAX_FUTURE_SKEW_MS) {
    problems.push(problem(`${path}.occurredAt`, 'notInFuture', 'must not be more than 5 minutes in the future', index));
  }
  if (isEventType(envelope.type) && isPlainObject(envelope.data)) {
    problems.push(...checkData(envelope.type, envelope.data, `${path}.data`, index));
  }
  return problems;
}

function checkData(type: EventTypeName, data: object, path: string, index: number): EventProblem[] {
  const { dataClass, fields } = eventDefinition(type);
  const instance = copyKnownKeys<object>(data, fields, dataClass.prototype);
  return [...toProblems(validateSync(instance, STRICT), path, index, fields), ...unknownFieldProblems(data, new Set(fields), path, index)];
}

function unknownFieldProblems(value: object, known: ReadonlySet<string>, path: string, index: number): EventProblem[] {
  return unknownKeys(value, known).map((key) => problem(`${path}.${key}`, 'unknownField', 'is not a field of this object', index));
}

/**
 * An eventId may repeat inside a batch for the same user (the repeat is a
 * duplicate, acknowledged like any replay); the same id for two users is a
 * producer bug that would make the idempotency key ambiguous, so it is rejected.
 */
function checkIdReuse(
  event: EventEnvelopeDto,
  index: number,
  firstUseOfId: Map<string, { index: number; userId: unknown }>,
): EventProblem[] {
  const id = event.eventId.toLowerCase();
  const first = firstUseOfId.get(id);
  if (!first) {
    firstUseOfId.set(id, { index, userId: event.userId });
    return [];
  }
  if (first.userId === event.userId) return [];
  return [problem(`events[${index}].eventId`, 'uniqueEventId', `is already used by events[${first.index}] for another user`, index)];
}

function toDomainEvent(item: EventEnvelopeDto): DomainEvent {
  return {
    eventId: item.eventId.toLowerCase(),
    type: item.type,
    userId: item.userId,
    occurredAt: item.occurredAt,
    data: item.data,
  } as DomainEvent;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
