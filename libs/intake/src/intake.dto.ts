import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from '@tagstream/events';

/** Documentation of the request body; the body itself is checked by `validateEventBatch` as a whole. */
export class PostedEventDto {
  @ApiProperty({ format: 'uuid', description: 'Idempotency key: resending it never creates a second copy' })
  eventId!: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type!: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })
  userId!: string;

  @ApiProperty({ example: '2026-11-20T08:30:00+08:00', description: 'ISO-8601 with offset, at most 5 minutes in the future' })
  occurredAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The type's fields and nothing else (docs/contract.md §3)" })
  data!: Record<string, unknown>;
}

export class IngestEventsRequestDto {
  @ApiProperty({ type: [PostedEventDto], minItems: 1, maxItems: 1000 })
  events!: PostedEventDto[];
}

export class IngestEventsResponseDto {
  @ApiProperty({ description: 'Events stored by this request' })
  accepted!: number;

  @ApiProperty({ description: 'Events whose eventId was already stored (acknowledged, not stored again)' })
  duplicates!: number;
}
