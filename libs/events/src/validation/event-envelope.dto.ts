import { IsObject, IsUUID, ValidateBy } from 'class-validator';
import { EVENT_TYPES } from '../catalog/catalog';
import { USER_ID_PATTERN } from '../value-sets';
import { parseOccurredAt } from './occurred-at';

/** The envelope of every posted event (docs/contract.md §3). `data` is checked against its type's class afterwards. */
export class EventEnvelopeDto {
  @IsUUID('all', { message: 'must be a UUID' })
  eventId!: string;

  @ValidateBy({
    name: 'knownType',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value),
      defaultMessage: (args) => `unknown event type ${quoted(args?.value)}; allowed: ${EVENT_TYPES.join(', ')}`,
    },
  })
  type!: string;

  @ValidateBy({
    name: 'isUserId',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && USER_ID_PATTERN.test(value),
      defaultMessage: () => 'must be 1–64 characters of A–Z, a–z, 0–9, _, . or -',
    },
  })
  userId!: string;

  @ValidateBy({
    name: 'isDateTimeWithOffset',
    validator: {
      validate: (value: unknown) => parseOccurredAt(value) !== undefined,
      defaultMessage: () => 'must be an ISO-8601 date-time with seconds and an offset, e.g. 2026-11-20T08:30:00+08:00',
    },
  })
  occurredAt!: string;

  @IsObject({ message: 'must be an object' })
  data!: Record<string, unknown>;
}

// The refused value is echoed so the producer sees what it sent, but never more of it than a type name could be.
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 66 ? `${text.slice(0, 64)}…` : text;
}
