import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty() up!: boolean;
  @ApiProperty({ description: 'How long the indicator took to answer' }) durationMs!: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Indicator-specific facts, e.g. the projector lag or why it is down' })
  details?: object;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ready', 'not_ready'] }) status!: 'ready' | 'not_ready';
  @ApiProperty({ enum: [true] }) live!: true;
  @ApiProperty() ready!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthCheckDto' },
    description: 'One entry per indicator: eventstore, clickhouse, projector (where the projector runs in this process)',
  })
  checks!: Record<string, HealthCheckDto>;
}

export class LivenessDto {
  @ApiProperty({ enum: [true] }) live!: true;
}
