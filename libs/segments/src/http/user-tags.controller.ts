import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { ValidationFailedError } from '@tagstream/common';
import { AudienceService } from '../audience/audience.service';
import { UserTagsService } from '../user-tags/user-tags.service';
import { AsOfQueryDto } from './segment.request.dto';
import { UserTagsBatchResponseDto, UserTagsResponseDto } from './segment.response.dto';
import { USER_ID, UserTagsBatchDto } from './user-tags.request.dto';

@ApiTags('users')
@Controller('v1/users')
@Roles('recommender')
export class UserTagsController {
  constructor(
    private readonly userTags: UserTagsService,
    private readonly audience: AudienceService,
  ) {}

  @Get(':userId/tags')
  @ApiOperation({ summary: 'One user’s state tags and activity counts (last 7, 30 and 90 days); none for a user who opted out' })
  @ApiOkResponse({ type: UserTagsResponseDto })
  @ApiNotFoundResponse({ description: 'No event of this user has been projected' })
  one(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Query() query: AsOfQueryDto) {
    if (!USER_ID.test(userId)) {
      throw new ValidationFailedError('userId is malformed', [{ path: 'userId', rule: 'matches', message: 'userId must be 1-64 characters of [A-Za-z0-9_.-]' }]);
    }
    return this.userTags.one(principal, userId, this.audience.asOf(query.asOf));
  }

  @Post('tags/batch')
  @ApiOperation({ summary: 'The same for up to 100 users at once; a user with no projected event comes back with `known: false`' })
  @HttpCode(200)
  @ApiOkResponse({ type: UserTagsBatchResponseDto })
  batch(@CurrentPrincipal() principal: Principal, @Body() body: UserTagsBatchDto) {
    return this.userTags.batch(principal, body.userIds, this.audience.asOf(body.asOf));
  }
}
