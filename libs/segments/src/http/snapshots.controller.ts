import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { SnapshotService } from '../snapshot/snapshot.service';
import { LINE_PAGE_CONTENT, sendLinePage, wantsCsv } from './line-page.response';
import { MembersQueryDto } from './segment.request.dto';

const DEFAULT_LIMIT = 1000;

@ApiTags('segments')
@Controller('v1/snapshots')
@Roles('marketer')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotService) {}

  /**
   * One page of snapshot-scoped pseudonymous ids (unrelated between two snapshots), streamed as NDJSON
   * (`{"id":"…"}` per line) or CSV (`id` header). The next page's cursor is in
   * `X-Next-Cursor` (absent on the last page).
   */
  @Get(':id/members')
  @ApiOperation({ summary: 'One page of a snapshot’s members as tenant-scoped pseudonymous ids (NDJSON or CSV)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'NDJSON lines {"id":"…"} or CSV with an `id` column', content: LINE_PAGE_CONTENT })
  @ApiHeader({ name: 'Accept', required: false, description: 'application/x-ndjson (default) or text/csv' })
  @ApiNotFoundResponse({ description: 'No such snapshot in the caller’s tenant' })
  async members(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: MembersQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const page = await this.snapshots.membersPage(principal, id, query.cursor, query.limit ?? DEFAULT_LIMIT);
    await sendLinePage(res, {
      csv: wantsCsv(query.format, accept),
      field: 'id',
      values: page.pseudonyms,
      headers: {
        'X-Snapshot-Definition-Version': String(page.snapshot.definitionVersion),
        'X-Next-Cursor': page.nextCursor ?? undefined,
        'X-Page-Size': String(page.members.length),
      },
    });
  }
}
