import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PRODUCT_RISK_LEVELS, ProductRiskLevel } from '../snapshot/snapshot.service';

const EXPRESSION_DOC = {
  description:
    'docs/contract.md §5 expression: the JSON form (`{ "tag": "risk:C3" }`, `{ "and": [...] }`, `{ "or": [...] }`, `{ "not": ... }`, leaves may carry `within: "30d"` and `minCount`) or `{ "text": "risk:C3 AND viewed:gold[30d, >=3]" }`',
  example: { text: 'risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active' },
  type: 'object',
  additionalProperties: true,
} as const;

const AS_OF_DOC = { description: 'ISO-8601 instant with offset, or a date (that UTC day); moves activity windows only. Default now.', example: '2026-11-20T12:00:00Z' };

export class PreviewSegmentDto {
  @ApiProperty(EXPRESSION_DOC)
  @IsDefined()
  @IsObject()
  expression!: Record<string, unknown>;

  @ApiPropertyOptional(AS_OF_DOC)
  @IsOptional()
  @IsString()
  asOf?: string;
}

export class CreateSegmentDto {
  @ApiProperty({ example: 'Gold-curious C3 investors', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string | null;

  @ApiProperty(EXPRESSION_DOC)
  @IsDefined()
  @IsObject()
  expression!: Record<string, unknown>;
}

export class RedefineSegmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Unchanged when absent' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, description: 'Unchanged when absent' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 2000)
  description?: string | null;

  @ApiProperty(EXPRESSION_DOC)
  @IsDefined()
  @IsObject()
  expression!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The version this change is based on; another current version answers 409', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** One side of an overlap: a stored segment (its current version) or an inline expression. */
export class OverlapSideDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((side: OverlapSideDto) => side.expression === undefined)
  @IsUUID()
  segmentId?: string;

  @ApiPropertyOptional(EXPRESSION_DOC)
  @ValidateIf((side: OverlapSideDto) => side.segmentId === undefined)
  @IsObject()
  expression?: Record<string, unknown>;
}

export class OverlapDto {
  @ApiProperty({ type: OverlapSideDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OverlapSideDto)
  a!: OverlapSideDto;

  @ApiProperty({ type: OverlapSideDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OverlapSideDto)
  b!: OverlapSideDto;

  @ApiPropertyOptional(AS_OF_DOC)
  @IsOptional()
  @IsString()
  asOf?: string;
}

export class CreateSnapshotDto {
  @ApiPropertyOptional(AS_OF_DOC)
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({ enum: PRODUCT_RISK_LEVELS, description: 'Suitability: leaves out users without a risk assessment or assessed below the product (Cn < Rn)' })
  @IsOptional()
  @IsIn(PRODUCT_RISK_LEVELS)
  productRiskLevel?: ProductRiskLevel;
}

export class AsOfQueryDto {
  @ApiPropertyOptional(AS_OF_DOC)
  @IsOptional()
  @IsString()
  asOf?: string;
}

export class ListSegmentsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include archived segments' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeArchived?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Auditors: only this tenant’s segments (default every tenant’s). Marketers: only their own tenant', example: 'demo_fund' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'tenant must match ^[a-z][a-z0-9_-]{1,31}$' })
  tenant?: string;
}

export class MembersQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], description: 'Overrides the Accept header' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';
}
