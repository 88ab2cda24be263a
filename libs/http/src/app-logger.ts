import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger } from 'pino';
import { currentRequestId } from './request-context';

export interface AppLoggerOptions {
  level: Level | 'silent';
  /** Added to every line, e.g. `tagstream`, `api`, `projector`. */
  service: string;
  /** Defaults to stdout; tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** A pino logger whose every line carries the current request id, when there is one. */
export function createPinoLogger(options: AppLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination,
  );
}

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
const PINO_LEVEL: Record<NestLevel, Level> = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' };

/**
 * Nest's `LoggerService` over pino, so framework lines and `new Logger(ctx)`
 * calls in any module come out as the same structured JSON. An object message
 * becomes fields; an `Error` keeps its stack under `err`.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  static create(options: AppLoggerOptions): AppLogger {
    return new AppLogger(createPinoLogger(options));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: NestLevel, message: unknown, params: unknown[]): void {
    const rest = [...params];
    // Nest passes the context last, and for errors the stack before it.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;

    const target = this.pino[PINO_LEVEL[level]].bind(this.pino);
    if (message instanceof Error) target({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) target({ ...fields, ...(message as object) });
    else target(fields, String(message));
  }
}
