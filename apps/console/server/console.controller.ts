import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthSecret, createDemoTokens, DemoToken } from '@tagstream/auth';
import { AppConfig } from '@tagstream/config';
import type { Response } from 'express';
import { lookUpAsset } from './console-assets';

export const CONSOLE_DIR = Symbol('CONSOLE_DIR');

/**
 * Serves the built web console at /console. It is outside /v1 and needs no
 * token: the page is public, every call it makes goes through the guarded API.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly secret: AuthSecret,
    private readonly config: AppConfig,
    @Inject(CONSOLE_DIR) private readonly root: string,
  ) {}

  /**
   * The sign-in page's list of demo tokens. Only in the embedded mode (no real
   * stores) with a generated secret, the same case in which the start-up banner
   * prints them; anywhere else the list is empty.
   */
  @Get('demo-tokens')
  demoTokens(): { tokens: DemoToken[] } {
    const embedded = this.config.EVENTSTORE_CONNECTION_STRING === undefined && this.config.CLICKHOUSE_URL === undefined;
    return { tokens: embedded && this.secret.generated ? createDemoTokens(this.secret.value) : [] };
  }

  @Get()
  index(@Res() response: Response): void {
    this.send(response, '');
  }

  @Get('*path')
  asset(@Param('path') path: string | string[], @Res() response: Response): void {
    this.send(response, Array.isArray(path) ? path.join('/') : path);
  }

  private send(response: Response, path: string): void {
    const found = lookUpAsset(this.root, path);
    if (found.kind === 'not-built') {
      response.status(503).type('text/plain').send('The console is not built: run `npm run build:console` (npm start does it when needed).\n');
      return;
    }
    if (found.kind === 'missing') {
      response.status(404).type('text/plain').send('Not found\n');
      return;
    }
    response.setHeader('Cache-Control', found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.sendFile(found.path);
  }
}
