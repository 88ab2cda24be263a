import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { SnapshotDeliveryService } from '../snapshot/snapshot-delivery.service';
import { LINE_PAGE_CONTENT, sendLinePage, wantsCsv } from './line-page.response';
import { MembersQueryDto } from './segment.request.dto';

const DEFAULT_LIMIT = 1000;

/** The platform's delivery of a campaign: platform user ids, for the admin only. */
@ApiTags('segments')
@Controller('v1/snapshots')
@Roles('admin')
export class SnapshotDeliveryController {
  constructor(private readonly delivery: SnapshotDeliveryService) {}

  /**
   * One page of a snapshot's members as platform user ids, streamed as NDJSON
   * (`{"userId":"…"}` per line) or CSV (`userId` header); same cursor and
   * limit as the members route. Any tenant's snapshot, found by id. Erased
   * people are left out; each page is audited as `snapshot.members.delivery`.
   */
  @Get(':id/delivery')
  @ApiOperation({ summary: 'Admin: a snapshot page as platform user ids for delivery; each page is audited' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'NDJSON lines {"userId":"…"} or CSV with a `userId` column; next page cursor in X-Next-Cursor', content: LINE_PAGE_CONTENT })
  @ApiHeader({ name: 'Accept', required: false, description: 'application/x-ndjson (default) or text/csv' })
  @ApiNotFoundResponse({ description: 'No such snapshot' })
  async deliver(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: MembersQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const page = await this.delivery.page(principal, id, query.cursor, query.limit ?? DEFAULT_LIMIT);
    await sendLinePage(res, {
      csv: wantsCsv(query.format, accept),
      field: 'userId',
      values: page.userIds,
      headers: {
        'X-Snapshot-Tenant': page.snapshot.tenant,
        'X-Snapshot-Definition-Version': String(page.snapshot.definitionVersion),
        'X-Next-Cursor': page.nextCursor ?? undefined,
        'X-Page-Size': String(page.userIds.length),
      },
    });
  }
}
