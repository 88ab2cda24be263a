import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EVENT_TYPES, eventDataSchemas, EventTypeName, JsonSchema, MAX_EVENTS_PER_BATCH, USER_ID_PATTERN } from '@tagstream/events';

/**
 * The request body as the OpenAPI document gives it: `events` holds one of
 * the catalog's types, each envelope with its own `data` schema (built from
 * the catalog, so a new type or field shows without editing this). The body
 * itself is checked by `validateEventBatch` as a whole.
 */
export function ingestEventsRequestSchema(): SchemaObject {
  const data = eventDataSchemas();
  return {
    type: 'object',
    required: ['events'],
    additionalProperties: false,
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_EVENTS_PER_BATCH,
        description: 'One of the event types below per item; one bad item rejects the whole batch (docs/contract.md §3)',
        items: { oneOf: EVENT_TYPES.map((type) => envelopeSchema(type, data[type])) },
      },
    },
  };
}

function envelopeSchema(type: EventTypeName, data: JsonSchema): SchemaObject {
  return {
    type: 'object',
    title: `${type} event`,
    required: ['eventId', 'type', 'userId', 'occurredAt', 'data'],
    additionalProperties: false,
    properties: {
      eventId: { type: 'string', format: 'uuid', description: 'Idempotency key: resending it never creates a second copy' },
      type: { type: 'string', enum: [type] },
      userId: { type: 'string', pattern: USER_ID_PATTERN.source, description: 'Platform user id' },
      occurredAt: { type: 'string', format: 'date-time', example: '2026-11-20T08:30:00+08:00', description: 'ISO-8601 with seconds and an offset, at most 5 minutes in the future' },
      data: data as SchemaObject,
    },
  };
}

export class IngestEventsResponseDto {
  @ApiProperty({ description: 'Events stored by this request' })
  accepted!: number;

  @ApiProperty({ description: 'Events whose eventId was already stored (acknowledged, not stored again)' })
  duplicates!: number;
}
