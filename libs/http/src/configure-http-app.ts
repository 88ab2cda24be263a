import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthSecret, bearerBeforeBodyMiddleware } from '@tagstream/auth';
import { AppConfig } from '@tagstream/config';
import { HttpMetrics } from '@tagstream/observability';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { AppLogger } from './app-logger';
import {
  bodyParserErrorMiddleware,
  requestContextMiddleware,
  RequestObserver,
  requireJsonBodyMiddleware,
} from './middleware';
import { ApiDocsOptions, setupApiDocs } from './swagger';
import { createValidationPipe } from './validation';

export interface HttpAppOptions {
  /** The logger the app was created with; made from the config when absent. */
  logger?: AppLogger;
  docs?: Partial<ApiDocsOptions>;
}

const DEFAULT_DOCS: ApiDocsOptions = {
  title: 'Tagstream API',
  description: 'Event-sourced user tagging and audience segmentation for fund marketing',
  version: '1',
};

/**
 * Applies the HTTP conventions to a created, not yet initialised app: request
 * ids and access log, a bearer token on /v1 before any body is read (when the
 * app has AuthModule), JSON-only bodies under HTTP_BODY_LIMIT, the error filter,
 * the validation pipe and the API docs. Call before `init()`/`listen()`: the
 * middleware order set here is the order requests meet it.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig, options: HttpAppOptions = {}): AppLogger {
  const logger = options.logger ?? AppLogger.create({ level: config.LOG_LEVEL, service: 'tagstream' });
  if (!options.logger) app.useLogger(logger);

  app.disable('x-powered-by');
  // Every answer carries its own freshness and is audited when sent: nobody revalidates one, and hashing each body for an ETag is CPU on the recommender's path.
  app.set('etag', false);
  app.use(requestContextMiddleware(logger.pino, requestObserver(app)));
  const secret = authSecret(app);
  if (secret) app.use(bearerBeforeBodyMiddleware(secret));
  app.use(requireJsonBodyMiddleware());
  app.useBodyParser('json', { limit: config.HTTP_BODY_LIMIT });
  app.use(bodyParserErrorMiddleware());

  app.useGlobalFilters(new AllExceptionsFilter(logger.pino));
  app.useGlobalPipes(createValidationPipe());
  setupApiDocs(app, { ...DEFAULT_DOCS, ...options.docs });
  return logger;
}

// Request durations go to Prometheus when the app includes ObservabilityModule.
function requestObserver(app: NestExpressApplication): RequestObserver | undefined {
  let metrics: HttpMetrics;
  try {
    metrics = app.get(HttpMetrics, { strict: false });
  } catch {
    return undefined;
  }
  return (method, route, status, seconds) => metrics.observe(method, route, status, seconds);
}

// The app's secret when it mounts AuthModule (the api and single processes; the projector serves no /v1).
function authSecret(app: NestExpressApplication): AuthSecret | undefined {
  try {
    return app.get(AuthSecret, { strict: false });
  } catch {
    return undefined;
  }
}
