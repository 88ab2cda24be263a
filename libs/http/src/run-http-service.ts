import type { AddressInfo } from 'node:net';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, loadConfig } from '@tagstream/config';
import { AppLogger } from './app-logger';
import { configureHttpApp } from './configure-http-app';
import { enableGracefulShutdown } from './graceful-shutdown';
import { explainListenError } from './listen-error';
import { DOCS_PATH } from './swagger';

/** What a start-up banner adds: fields for the structured `ready` line and lines for the human-readable block. */
export interface BannerExtras {
  fields?: Record<string, unknown>;
  lines?: string[];
}

export interface HttpServiceDefinition {
  /** `tagstream`, `api`, `projector`: the `service` field of every log line. */
  service: string;
  module: (config: AppConfig) => DynamicModule | Type<unknown>;
  /** Process-specific rules on top of the schema; throw `ConfigError` to refuse. */
  checkConfig?: (config: AppConfig) => void;
  /** Claim DATA_DIR for this process before anything is written there (the single-process mode's embedded stores live in it). */
  lockDataDir?: boolean;
  banner?: (app: NestExpressApplication, config: AppConfig) => BannerExtras;
}

/**
 * Boots one HTTP process: config (a bad value exits 1 with a message naming
 * the variable), logger, app, HTTP conventions, graceful shutdown, listen,
 * banner. Anything failing during start-up is logged and exits 1.
 */
export async function runHttpService(definition: HttpServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<NestExpressApplication> {
  const config = loadOrExit(definition, env);
  const logger = AppLogger.create({ level: config.LOG_LEVEL, service: definition.service });
  const startedAt = performance.now();
  // Crash-only, as Node's default, but with a structured line saying why.
  process.once('unhandledRejection', (reason) => {
    logger.pino.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    process.exit(1);
  });

  try {
    const app = await NestFactory.create<NestExpressApplication>(definition.module(config), { logger, abortOnError: false });
    configureHttpApp(app, config, { logger });
    enableGracefulShutdown(app, logger.pino);
    await listenOrExplain(app, config);

    const url = publicUrl(app, config);
    const extras = definition.banner?.(app, config) ?? {};
    logger.pino.info({ url, docs: `${url}/${DOCS_PATH}`, startupMs: Math.round(performance.now() - startedAt), ...extras.fields }, 'ready');
    process.stdout.write(bannerBlock(definition.service, url, extras.lines ?? []));
    return app;
  } catch (error) {
    logger.pino.fatal({ err: error }, 'start-up failed');
    process.stderr.write(`${definition.service}: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Listens on HOST:PORT; a failure to bind says which of the two to change. */
async function listenOrExplain(app: NestExpressApplication, config: AppConfig): Promise<void> {
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    const problem = explainListenError(error, config);
    throw problem ? new Error(problem, { cause: error }) : error;
  }
}

function loadOrExit(definition: HttpServiceDefinition, env: NodeJS.ProcessEnv): AppConfig {
  try {
    const config = loadConfig(env, { lockDataDir: definition.lockDataDir });
    definition.checkConfig?.(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((p) => `  - ${p.message}`).join('\n');
    const what = error.problems.every((p) => p.rule === 'notInUse') ? 'DATA_DIR is in use' : 'invalid configuration';
    process.stderr.write(`${definition.service}: ${what}, not starting:\n${problems}\n`);
    process.exit(1);
  }
}

function publicUrl(app: NestExpressApplication, config: AppConfig): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function bannerBlock(service: string, url: string, lines: string[]): string {
  return ['', `  ${service} is ready`, `    API       ${url}`, `    API docs  ${url}/${DOCS_PATH}`, `    health    ${url}/health`, `    metrics   ${url}/metrics`, ...lines.map((l) => `  ${l}`), '', ''].join('\n');
}
