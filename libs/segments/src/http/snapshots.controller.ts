import { once } from 'node:events';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { SnapshotService } from '../snapshot/snapshot.service';
import { MembersQueryDto } from './segment.request.dto';

const DEFAULT_LIMIT = 1000;
const LINES_PER_WRITE = 500;

@ApiTags('segments')
@Controller('v1/snapshots')
@Roles('marketer')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotService) {}

  /**
   * One page of tenant-scoped pseudonymous ids, streamed as NDJSON
   * (`{"id":"…"}` per line) or CSV (`id` header). The next page's cursor is in
   * `X-Next-Cursor` (absent on the last page).
   */
  @Get(':id/members')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'NDJSON lines {"id":"…"} or CSV with an `id` column' })
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
    const csv = query.format ? query.format === 'csv' : /text\/csv/i.test(accept ?? '');
    res.status(200);
    res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('X-Snapshot-Definition-Version', String(page.snapshot.definitionVersion));
    if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
    res.setHeader('X-Page-Size', String(page.members.length));
    const line = csv ? (pseudonym: string) => `${pseudonym}\n` : (pseudonym: string) => `{"id":"${pseudonym}"}\n`;
    if (csv && !(await write(res, 'id\n'))) return;
    for (let i = 0; i < page.pseudonyms.length; i += LINES_PER_WRITE) {
      if (!(await write(res, page.pseudonyms.slice(i, i + LINES_PER_WRITE).map(line).join('')))) return;
    }
    res.end();
  }
}

/** Writes with back-pressure; false when the client went away. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}
