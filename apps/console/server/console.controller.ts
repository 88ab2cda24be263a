import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuthSecret, createDemoTokens, DemoToken } from '@tagstream/auth';
import { AppConfig } from '@tagstream/config';
import type { Request } from 'express';
import { isLoopback } from './loopback';

class DemoTokenDto {
  @ApiProperty({ enum: ['ingest', 'marketer', 'recommender', 'auditor', 'admin'] }) role!: string;
  @ApiPropertyOptional() tenant?: string;
  @ApiProperty() token!: string;
}

class DemoTokensDto {
  @ApiProperty({ type: [DemoTokenDto] }) tokens!: DemoTokenDto[];
}

/** Outside /v1 and open: it serves the sign-in page before anyone has a token. */
@ApiTags('console')
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly secret: AuthSecret,
    private readonly config: AppConfig,
  ) {}

  /**
   * The sign-in page's list of demo tokens. Only in the embedded mode (no real
   * stores) with a generated secret, the same case in which the start-up banner
   * prints them, and only to a caller on this machine: `npm start` listens on
   * every interface, and an admin token must not be one request away for
   * anyone on the network. Anywhere else the list is empty.
   */
  @Get('demo-tokens')
  @ApiOperation({
    summary: 'Demo bearer tokens for the console sign-in page',
    description:
      'Empty unless the service runs on its embedded stores with AUTH_JWT_SECRET unset (a random secret per run) and the caller connects from this machine (loopback).',
  })
  @ApiOkResponse({ type: DemoTokensDto })
  demoTokens(@Req() request: Request): { tokens: DemoToken[] } {
    const embedded = this.config.EVENTSTORE_CONNECTION_STRING === undefined && this.config.CLICKHOUSE_URL === undefined;
    const offered = embedded && this.secret.generated && isLoopback(request.socket.remoteAddress);
    return { tokens: offered ? createDemoTokens(this.secret.value) : [] };
  }
}

