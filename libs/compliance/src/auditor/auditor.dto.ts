import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AUDIT_ACTIONS } from '../audit/audit-actions';

const TENANT = /^[a-z][a-z0-9_-]{1,31}$/;

export class ExposureFilterDto {
  @ApiPropertyOptional({ description: 'Tenant (institution) id' })
  @IsOptional()
  @Matches(TENANT, { message: 'tenant must match ^[a-z][a-z0-9_-]{1,31}$' })
  tenant?: string;

  @ApiPropertyOptional({ description: 'Action of the records', enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of: ${AUDIT_ACTIONS.join(', ')}` })
  action?: string;

  @ApiPropertyOptional({ description: 'Inclusive start (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive end (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or time' })
  to?: string;
}

export class AuditQueryDto extends ExposureFilterDto {
  @ApiPropertyOptional({ description: 'Subject (sub claim) of the caller whose answers are wanted' })
  @IsOptional()
  @IsString({ message: 'actor must be a string' })
  @Length(1, 128, { message: 'actor must be 1-128 characters' })
  actor?: string;

  @ApiPropertyOptional({ description: 'true: only records in which the difference check withheld a number', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'refused must be true or false' })
  refused?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'cursor must be a string' })
  @Length(1, 512, { message: 'cursor must be 1-512 characters' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Records per page, 1-1000', default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer between 1 and 1000' })
  @Min(1, { message: 'limit must be an integer between 1 and 1000' })
  @Max(1000, { message: 'limit must be an integer between 1 and 1000' })
  limit?: number;
}
