import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of the auditor's and the admin's answers; the handlers return the plain objects these describe. */

export class AuditProjectionPositionDto {
  @ApiProperty({ nullable: true, type: String, example: '1234/1234', description: 'Last $all position the audit records are read up to' })
  position!: string | null;
}

export class EarlierAnswerDto {
  @ApiProperty({ nullable: true, type: String, description: 'Audit record that released the earlier number' }) recordId!: string | null;
  @ApiProperty({ example: 'segment.preview' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) expressionHash!: string | null;
  @ApiProperty({ example: 'size', description: 'Which number of that answer' }) answer!: string;
  @ApiProperty({ description: 'The number it released' }) size!: number;
  @ApiProperty() at!: string;
}

export class RefusalDto {
  @ApiProperty({ example: 'size', description: 'Which number of this answer was withheld' }) answer!: string;
  @ApiProperty({ enum: ['difference'] }) reason!: 'difference';
  @ApiProperty({ type: EarlierAnswerDto, description: 'The earlier answer of the same tenant whose people differ from these by fewer than the floor' })
  checkedAgainst!: EarlierAnswerDto;
}

export class AuditRecordDto {
  @ApiProperty() recordId!: string;
  @ApiProperty({ description: 'When the answer was given (UTC)' }) at!: string;
  @ApiProperty({ description: 'sub claim of the caller' }) actor!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Tenant the answer went to; null for platform roles' }) tenant!: string | null;
  @ApiProperty({ example: 'segment.snapshot' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) segmentId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) definitionVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) expressionHash!: string | null;
  @ApiProperty({ nullable: true, type: String }) snapshotId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description: 'The numbers the answer showed, e.g. size, leftOut' })
  numbers!: Record<string, number | null>;
  @ApiProperty({ description: 'How many person ids the answer carried' }) idsExposed!: number;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: [RefusalDto], description: 'Numbers the difference check withheld from this answer' }) refusals!: RefusalDto[];
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) records!: AuditRecordDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
  @ApiProperty({ type: AuditProjectionPositionDto }) projection!: AuditProjectionPositionDto;
}

export class ExposureDayDto {
  @ApiProperty({ nullable: true, type: String }) tenant!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ example: '2026-11-22', description: 'UTC day' }) day!: string;
  @ApiProperty({ description: 'Audit records (answers) that day' }) records!: number;
  @ApiProperty({ description: 'Person ids those answers carried' }) idsExposed!: number;
}

export class ExposureAnswerDto {
  @ApiProperty({ type: [ExposureDayDto] }) days!: ExposureDayDto[];
  @ApiProperty({ type: AuditProjectionPositionDto }) projection!: AuditProjectionPositionDto;
}

export class SubjectExposureDto {
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) tenant!: string | null;
  @ApiProperty() actor!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) segmentId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) definitionVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) snapshotId!: string | null;
  @ApiProperty() recordId!: string;
}

export class SubjectAnswerDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ description: 'True when the person has been erased: nothing about them is kept to show' }) erased!: boolean;
  @ApiProperty({ type: [String], description: 'Tenants that received this person' }) tenants!: string[];
  @ApiProperty({ type: [SubjectExposureDto] }) exposures!: SubjectExposureDto[];
  @ApiProperty({ type: AuditProjectionPositionDto }) projection!: AuditProjectionPositionDto;
}

export class LineageReadDto {
  @ApiProperty() eventType!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
}

export class LineageItemDto {
  @ApiProperty({ example: 'holder:{category}' }) tag!: string;
  @ApiProperty({ enum: ['state', 'activity', 'consent'] }) kind!: 'state' | 'activity' | 'consent';
  @ApiProperty({ enum: ['platform', 'tenant'], nullable: true, type: String }) visibility!: 'platform' | 'tenant' | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ type: [LineageReadDto] }) reads!: LineageReadDto[];
  @ApiProperty({ type: [String], description: 'Forbidden fields this tag reads; empty when the check passes' }) forbiddenFieldsRead!: string[];
}

export class LineageReportDto {
  @ApiProperty({ type: [String], example: ['amount', 'currency', 'region'] }) forbiddenFields!: string[];
  @ApiProperty({ description: 'True when no tag (nor consent) reads a forbidden field' }) passed!: boolean;
  @ApiProperty({ type: [LineageItemDto] }) tags!: LineageItemDto[];
}

export class ErasureRemovedDto {
  @ApiProperty({ description: "Raw events in the person's stream when it was deleted" }) events!: number;
  @ApiProperty() streamDeleted!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'ClickHouse rows removed, by table' }) rows!: Record<string, number>;
  @ApiProperty({ description: 'Tag bitmaps recomputed without the person' }) bitmapsRewritten!: number;
  @ApiProperty() surrogateMappingDropped!: boolean;
}

export class ErasureAnswerDto {
  @ApiProperty({ description: 'Keyed hash under which the erasure is recorded; the id itself is not kept' }) userIdHash!: string;
  @ApiProperty() alreadyErased!: boolean;
  @ApiProperty() at!: string;
  @ApiProperty({ type: ErasureRemovedDto }) removed!: ErasureRemovedDto;
}
