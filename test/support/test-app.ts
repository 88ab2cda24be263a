import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AuthSecret, Role, signToken } from '@tagstream/auth';
import { AppConfig, loadConfig } from '@tagstream/config';
import { AppLogger, configureHttpApp } from '@tagstream/http';
import { TagstreamModule } from '../../apps/tagstream/src/tagstream.module';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** The Node HTTP server to hand to supertest. */
  server: Server;
  /** Every structured log line written so far, parsed. */
  logLines: Record<string, unknown>[];
  token(role: Role, options?: { tenant?: string; ttlSeconds?: number; sub?: string }): string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Test-only controllers mounted next to the real ones (behind the same global guard and filter). */
  controllers?: Type<unknown>[];
  /** Providers replaced for this app, e.g. a port bound to test data. */
  overrides?: { provide: unknown; useValue: unknown }[];
}

/**
 * The real single-process module (embedded stores under a fresh temp
 * DATA_DIR) configured exactly as `npm start` configures it, served over
 * real HTTP by supertest. Log lines are captured for assertions.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', ...options.env });
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const logger = AppLogger.create({ level: config.LOG_LEVEL, service: 'e2e', destination });

  let builder = Test.createTestingModule({
    imports: [TagstreamModule.forRoot(config)],
    controllers: options.controllers ?? [],
  });
  for (const { provide, useValue } of options.overrides ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger });
  configureHttpApp(app, config, { logger });
  await app.listen(0, '127.0.0.1');

  const secret = app.get(AuthSecret).value;
  return {
    app,
    config,
    server: app.getHttpServer(),
    logLines,
    token: (role, { tenant, ttlSeconds = 300, sub = `e2e-${role}` } = {}) => {
      const claimedTenant = tenant ?? (role === 'marketer' ? 'demo_fund' : undefined);
      return signToken(secret, { sub, role, ...(claimedTenant ? { tenant: claimedTenant } : {}) }, ttlSeconds);
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
