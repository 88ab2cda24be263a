import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { currentRequestId, ErrorResponseDto } from '@tagstream/http';
import { ingestEventsRequestSchema, IngestEventsResponseDto } from './intake.dto';
import { IngestResult, IntakeService } from './intake.service';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly intake: IntakeService) {}

  /**
   * The body is taken as `unknown` on purpose: the global DTO pipe would stop
   * at the first shape problem, while a batch is validated as a whole and
   * answers with every bad item.
   */
  @Post()
  @Roles('ingest')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Post 1–1000 behavioural events; validated as a whole, stored once per eventId' })
  @ApiBody({ schema: ingestEventsRequestSchema() })
  @ApiAcceptedResponse({ type: IngestEventsResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad item by index, field path and rule; nothing written' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Store failed or intake saturated; `retryable: true`, retry the same body' })
  ingest(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IngestResult> {
    return this.intake.ingest(body, { requestId: currentRequestId() ?? randomUUID(), producer: principal.sub });
  }
}
