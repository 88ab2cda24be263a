import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FreshnessDto {
  @ApiProperty({ nullable: true, type: String, example: '1234/1234', description: 'Last $all position whose labels are visible' })
  position!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Commit time of the event at that position' })
  reachedAt!: string | null;
  @ApiProperty({ description: 'Events written but not yet visible' })
  lagEvents!: number;
  @ApiProperty()
  lagSeconds!: number;
}

export class SizeResponseDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null when under MIN_AUDIENCE_SIZE' })
  size!: number | null;
  @ApiProperty()
  belowFloor!: boolean;
  @ApiProperty()
  asOf!: string;
  @ApiProperty({ type: FreshnessDto })
  freshness!: FreshnessDto;
}

export class FlooredSizeDto {
  @ApiProperty({ nullable: true, type: Number })
  size!: number | null;
  @ApiProperty()
  belowFloor!: boolean;
}

export class OverlapResponseDto {
  @ApiProperty({ type: FlooredSizeDto }) a!: FlooredSizeDto;
  @ApiProperty({ type: FlooredSizeDto }) b!: FlooredSizeDto;
  @ApiProperty({ type: FlooredSizeDto, description: 'A AND B' }) both!: FlooredSizeDto;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}

export class TagShareDto {
  @ApiProperty() tag!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of the segment carrying the tag, 0..1' }) share!: number | null;
  @ApiProperty() belowFloor!: boolean;
}

export class InsightsResponseDto extends SizeResponseDto {
  @ApiProperty({ type: [TagShareDto] }) tags!: TagShareDto[];
}

export class SegmentVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) expression!: unknown;
  @ApiProperty({ description: 'Canonical text form' }) text!: string;
  @ApiProperty() expressionHash!: string;
  @ApiProperty() definedBy!: string;
  @ApiProperty() definedAt!: string;
}

export class SegmentResponseDto extends SegmentVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The tenant (institution) the segment belongs to', example: 'demo_fund' }) tenant!: string;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: [SegmentVersionDto], description: 'Every version, oldest first (GET by id)' }) versions?: SegmentVersionDto[];
}

export class SegmentListResponseDto {
  @ApiProperty({ type: [SegmentResponseDto] }) segments!: SegmentResponseDto[];
}

export class SnapshotResponseDto {
  @ApiProperty({ format: 'uuid' }) snapshotId!: string;
  @ApiProperty({ format: 'uuid' }) segmentId!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty() expressionHash!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ nullable: true, type: String, enum: ['R1', 'R2', 'R3', 'R4', 'R5'] }) productRiskLevel!: string | null;
  @ApiProperty({ description: 'Members left out by the suitability rule' }) leftOut!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Event-store position the labels had reached' }) position!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}

export class SnapshotSummaryDto {
  @ApiProperty({ format: 'uuid' }) snapshotId!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'Members left out by the suitability rule' }) leftOut!: number;
  @ApiProperty({ nullable: true, type: String, enum: ['R1', 'R2', 'R3', 'R4', 'R5'] }) productRiskLevel!: string | null;
  @ApiProperty() asOf!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Subject (sub claim) of the marketer who took it' }) createdBy!: string;
}

export class SnapshotListResponseDto {
  @ApiProperty({ type: [SnapshotSummaryDto], description: 'Newest first (at most 1 000); refused snapshots were never stored' }) snapshots!: SnapshotSummaryDto[];
}

export class ActivityCountsDto {
  @ApiProperty() tag!: string;
  @ApiProperty() last7d!: number;
  @ApiProperty() last30d!: number;
  @ApiProperty() last90d!: number;
}

export class UserTagsDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ description: 'False in a batch for a user with no projected event' }) known!: boolean;
  @ApiProperty({ description: 'False when the user withdrew consent: no tags then' }) personalized!: boolean;
  @ApiProperty({ type: [String] }) state!: string[];
  @ApiProperty({ type: [ActivityCountsDto] }) activity!: ActivityCountsDto[];
}

export class UserTagsResponseDto extends UserTagsDto {
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}

export class UserTagsBatchResponseDto {
  @ApiProperty({ type: [UserTagsDto] }) users!: UserTagsDto[];
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}

export class TagDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['state', 'activity'] }) kind!: string;
  @ApiProperty() concrete!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) lineage!: unknown[];
  @ApiProperty({ nullable: true, type: Number }) count!: number | null;
  @ApiProperty() belowFloor!: boolean;
}

export class TagListResponseDto {
  @ApiProperty({ type: [TagDto] }) tags!: TagDto[];
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}
