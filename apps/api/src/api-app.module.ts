import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tagstream/config';
import { ApiModule } from './api.module';
import { InfrastructureModule } from './infrastructure.module';

/** The api process: the HTTP API against real EventStoreDB and ClickHouse servers. */
@Module({})
export class ApiAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ApiAppModule, imports: [InfrastructureModule.forRoot(config), ApiModule] };
  }
}
