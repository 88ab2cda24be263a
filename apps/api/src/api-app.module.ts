import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tagstream/config';
import { ProjectionModule } from '@tagstream/projection';
import { ApiModule } from './api.module';
import { InfrastructureModule } from './infrastructure.module';

/** The api process: the HTTP API against real EventStoreDB and ClickHouse servers; the projection's mapping is looked up, the projector runs elsewhere. */
@Module({})
export class ApiAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ApiAppModule, imports: [InfrastructureModule.forRoot(config), ProjectionModule.forRoot({ runProjector: false }), ApiModule] };
  }
}
