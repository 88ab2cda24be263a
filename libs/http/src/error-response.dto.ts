import { ApiProperty } from '@nestjs/swagger';

class ErrorDetailDto {
  @ApiProperty({ example: 'validation_failed', description: 'stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'Request is invalid: events[3].data.fundCode must be six digits' })
  message!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'code-specific details, e.g. `problems[]` for validation_failed' })
  details!: Record<string, unknown>;
}

/** OpenAPI schema of every error answer; reference it with `@ApiBadRequestResponse({ type: ErrorResponseDto })` and the like. */
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorDetailDto })
  error!: ErrorDetailDto;
}
