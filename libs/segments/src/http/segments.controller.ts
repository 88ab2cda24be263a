import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { AudienceService, AudienceSubject } from '../audience/audience.service';
import { ExpressionReader } from '../audience/expression-reader';
import { segmentView } from '../segment/segment.view';
import { SegmentsService } from '../segment/segments.service';
import { SnapshotService } from '../snapshot/snapshot.service';
import {
  AsOfQueryDto,
  CreateSegmentDto,
  CreateSnapshotDto,
  ListSegmentsQueryDto,
  OverlapDto,
  OverlapSideDto,
  PreviewSegmentDto,
  RedefineSegmentDto,
} from './segment.request.dto';
import {
  InsightsResponseDto,
  OverlapResponseDto,
  SegmentListResponseDto,
  SegmentResponseDto,
  SizeResponseDto,
  SnapshotListResponseDto,
  SnapshotResponseDto,
} from './segment.response.dto';

const NOT_FOUND = 'No such segment in the caller’s tenant (another tenant’s segment answers the same)';

@ApiTags('segments')
@Controller('v1/segments')
@Roles('marketer')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly audience: AudienceService,
    private readonly snapshots: SnapshotService,
    private readonly reader: ExpressionReader,
  ) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Size of an expression (JSON or text form) at `asOf`, floored; nothing is saved' })
  @ApiOkResponse({ type: SizeResponseDto })
  preview(@CurrentPrincipal() principal: Principal, @Body() body: PreviewSegmentDto) {
    const expression = this.reader.read(body.expression, principal);
    return this.audience.size(principal, 'segment.preview', { expression }, this.audience.asOf(body.asOf));
  }

  @Post('overlap')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sizes of A, B and A AND B, each side a saved segment or an expression' })
  @ApiNotFoundResponse({ description: 'A side names a segment that is not in the caller’s tenant' })
  @ApiOkResponse({ type: OverlapResponseDto })
  async overlap(@CurrentPrincipal() principal: Principal, @Body() body: OverlapDto) {
    const asOf = this.audience.asOf(body.asOf);
    const [a, b] = await Promise.all([this.side(principal, body.a, 'a'), this.side(principal, body.b, 'b')]);
    return this.audience.overlap(principal, a, b, asOf);
  }

  @Post()
  @ApiOperation({ summary: 'Save a segment definition (version 1) in the caller’s tenant' })
  @ApiCreatedResponse({ type: SegmentResponseDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSegmentDto) {
    return segmentView(await this.segments.create(principal, body), true);
  }

  @Get()
  @Roles('marketer', 'auditor')
  @ApiOperation({ summary: "The marketer's tenant's segments; an auditor's: every tenant's, or `tenant`'s" })
  @ApiOkResponse({ type: SegmentListResponseDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListSegmentsQueryDto) {
    const segments = await this.segments.listFor(principal, query.includeArchived === 'true', query.tenant);
    return { segments: segments.map((segment) => segmentView(segment)) };
  }

  @Get(':id')
  @Roles('marketer', 'auditor')
  @ApiOperation({ summary: 'A segment with every version; an auditor reads any tenant’s' })
  @ApiOkResponse({ type: SegmentResponseDto })
  @ApiNotFoundResponse({ description: 'No such segment in the caller’s tenant (in any tenant, for an auditor)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return segmentView(await this.segments.get(principal, id), true);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Redefine a segment: a new version; `expectedVersion` guards against overwriting someone else’s' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: SegmentResponseDto })
  @ApiConflictResponse({ description: 'Someone else redefined it first, expectedVersion is not current, or it is archived' })
  async redefine(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: RedefineSegmentDto) {
    return segmentView(await this.segments.redefine(principal, id, body), true);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Archive a segment: it stays readable, nothing new is made from it' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'The segment is already archived' })
  @ApiOkResponse({ type: SegmentResponseDto, description: 'Archived; every version stays readable' })
  async archive(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return segmentView(await this.segments.archive(principal, id), true);
  }

  @Get(':id/size')
  @ApiOperation({ summary: 'Size of a saved segment’s current version at `asOf`, floored' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: SizeResponseDto })
  async size(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: AsOfQueryDto) {
    const asOf = this.audience.asOf(query.asOf);
    const subject = await this.stored(principal, id);
    return { segmentId: id, definitionVersion: subject.definitionVersion, ...(await this.audience.size(principal, 'segment.size', subject, asOf)) };
  }

  @Get(':id/insights')
  @ApiOperation({ summary: 'Share of each state tag the tenant may see inside a saved segment, floored' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: InsightsResponseDto })
  async insights(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: AsOfQueryDto) {
    const asOf = this.audience.asOf(query.asOf);
    const subject = await this.stored(principal, id);
    return { segmentId: id, definitionVersion: subject.definitionVersion, ...(await this.audience.insights(principal, subject, asOf)) };
  }

  @Post(':id/snapshots')
  @ApiOperation({ summary: 'Freeze a segment’s members for a campaign, optionally for a product risk level (suitability)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiCreatedResponse({ type: SnapshotResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'below_floor: the audience is under MIN_AUDIENCE_SIZE' })
  @ApiConflictResponse({ description: 'The segment is archived' })
  async snapshot(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CreateSnapshotDto) {
    const asOf = this.audience.asOf(body.asOf);
    const { tenant: _tenant, labelPosition, createdBy: _by, ...snapshot } = await this.snapshots.create(principal, id, asOf, body.productRiskLevel);
    return { ...snapshot, position: labelPosition };
  }

  @Get(':id/snapshots')
  @ApiOperation({ summary: 'The segment’s snapshots, newest first: id, definition version, size, left out, risk level, when' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: SnapshotListResponseDto })
  async snapshotList(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<SnapshotListResponseDto> {
    const snapshots = await this.snapshots.list(principal, id);
    return {
      snapshots: snapshots.map(({ snapshotId, definitionVersion, size, leftOut, productRiskLevel, asOf, createdAt, createdBy }) => ({
        snapshotId,
        definitionVersion,
        size,
        leftOut,
        productRiskLevel,
        asOf,
        createdAt,
        createdBy,
      })),
    };
  }

  private async stored(principal: Principal, id: string): Promise<AudienceSubject> {
    const { expression, version } = await this.segments.definition(principal, id);
    return { expression, segmentId: id, definitionVersion: version };
  }

  private async side(principal: Principal, side: OverlapSideDto, path: string): Promise<AudienceSubject> {
    if (side.segmentId !== undefined) return this.stored(principal, side.segmentId);
    return { expression: this.reader.read(side.expression, principal, `${path}.expression`) };
  }
}
