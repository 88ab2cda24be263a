import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { NotFoundError, ServiceUnavailableError } from '@tagstream/common';
import { lookUpAsset } from './console-assets';

export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
export const CONSOLE_PATH = '/console';

/**
 * Serves the built console under /console. A middleware rather than routes:
 * these are files, not API operations, so they stay out of the OpenAPI
 * document; the console's one API-like endpoint (demo tokens) is a documented route.
 */
@Injectable()
export class ConsoleStaticMiddleware implements NestMiddleware {
  constructor(@Inject(CONSOLE_DIR) private readonly root: string) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const path = request.originalUrl.split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return next();
    const relative = path.slice(CONSOLE_PATH.length).replace(/^\/+/, '');
    if (relative === 'demo-tokens') return next();

    const found = lookUpAsset(this.root, relative);
    // thrown, not written: the one exception filter gives these the error shape of every other answer
    if (found.kind === 'not-built') {
      throw new ServiceUnavailableError('The console is not built: run `npm run build:console` (npm start does it when needed).');
    }
    if (found.kind === 'missing') throw new NotFoundError(`No console file at ${CONSOLE_PATH}/${relative}.`);
    response.setHeader('Cache-Control', found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.sendFile(found.path);
  }
}
