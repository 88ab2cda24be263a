import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError, NotFoundError } from '@tagstream/common';
import { lookUpAsset } from './console-assets';

export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
export const CONSOLE_PATH = '/console';

/** 503, but not one to retry as it is: nothing changes until someone builds the console. */
export class ConsoleNotBuiltError extends AppError {
  readonly code = 'console_not_built';
  readonly status = 503;
}

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
      throw new ConsoleNotBuiltError('The console is not built: run `npm run build:console` (npm start does it when needed).', { retryable: false });
    }
    const missing = () => new NotFoundError(`No console file at ${CONSOLE_PATH}/${relative}.`);
    if (found.kind === 'missing') throw missing();
    response.setHeader('Cache-Control', found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    // a file can vanish between the look-up and the send (a rebuild empties the folder)
    response.sendFile(found.path, (error?: NodeJS.ErrnoException) => {
      if (!error || response.headersSent) return;
      next(error.code === 'ENOENT' ? missing() : error);
    });
  }
}
