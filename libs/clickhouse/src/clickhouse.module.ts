import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ClickHouse } from './clickhouse';
import type { ClickHouseOptions } from './clickhouse-options';
import { runMigrations } from './migrations/migration-runner';

export interface ClickHouseModuleOptions extends ClickHouseOptions {
  /** Apply pending migrations before the module is ready (default true). */
  migrate?: boolean;
  /** Migration folder; defaults to the lib's own. */
  migrationsDirectory?: string;
}

export interface ClickHouseModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => ClickHouseModuleOptions | Promise<ClickHouseModuleOptions>;
}

const CLICKHOUSE_MODULE_OPTIONS = Symbol('CLICKHOUSE_MODULE_OPTIONS');

async function openClickHouse(options: ClickHouseModuleOptions): Promise<ClickHouse> {
  const logger = new Logger('ClickHouse');
  const ch = await ClickHouse.connect(options);
  try {
    if (options.migrate !== false) {
      await runMigrations(ch, { directory: options.migrationsDirectory, log: (m) => logger.log(m) });
    }
  } catch (err) {
    await ch.close();
    throw err;
  }
  logger.log(`ClickHouse ready (${ch.backend}, database ${ch.database})`);
  return ch;
}

/** Closes the client when the application shuts down, after in-flight work has finished. */
@Injectable()
class ClickHouseShutdown implements OnApplicationShutdown {
  constructor(@Inject(ClickHouse) private readonly ch: ClickHouse) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ch.close();
  }
}

const clickHouseProvider: Provider = {
  provide: ClickHouse,
  inject: [CLICKHOUSE_MODULE_OPTIONS],
  useFactory: openClickHouse,
};

/**
 * Provides one migrated `ClickHouse` to the application. Its `ping()` is what
 * health checks call.
 */
@Module({})
export class ClickHouseModule {
  static forRoot(options: ClickHouseModuleOptions): DynamicModule {
    return {
      module: ClickHouseModule,
      global: true,
      providers: [{ provide: CLICKHOUSE_MODULE_OPTIONS, useValue: options }, clickHouseProvider, ClickHouseShutdown],
      exports: [ClickHouse],
    };
  }

  static forRootAsync(options: ClickHouseModuleAsyncOptions): DynamicModule {
    return {
      module: ClickHouseModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: CLICKHOUSE_MODULE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        clickHouseProvider,
        ClickHouseShutdown,
      ],
      exports: [ClickHouse],
    };
  }
}
