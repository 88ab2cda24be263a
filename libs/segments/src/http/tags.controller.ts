import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { AudienceService } from '../audience/audience.service';
import { TagListService } from '../tags/tag-list.service';
import { AsOfQueryDto } from './segment.request.dto';
import { TagListResponseDto } from './segment.response.dto';

@ApiTags('tags')
@Controller('v1/tags')
@Roles('marketer', 'recommender', 'auditor')
export class TagsController {
  constructor(
    private readonly tags: TagListService,
    private readonly audience: AudienceService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The tags the caller may see: kind, description, lineage and current user count (floored)' })
  @ApiOkResponse({ type: TagListResponseDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AsOfQueryDto) {
    return this.tags.list(principal, this.audience.asOf(query.asOf));
  }
}
