import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { toErrorResponse } from './error-response';

/**
 * The single place where errors become HTTP responses (STYLE habit 7). An
 * unexpected error is logged with its stack and answered with a generic 500:
 * its message may hold internals and is never sent.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const mapped = toErrorResponse(exception, { method: request.method, path: request.path });

    if (mapped.unexpected) this.logger.error({ err: exception }, 'unexpected error while serving a request');
    else if (mapped.status >= 500) this.logger.warn({ err: exception, code: mapped.body.error.code }, mapped.body.error.message);

    if (response.headersSent) {
      // Part of a streamed answer is already out: all that is left is to cut it.
      response.destroy();
      return;
    }
    response.status(mapped.status).set(mapped.headers).json(mapped.body);
  }
}
