import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tagstream/config';
import { InfrastructureModule } from '../../api/src/infrastructure.module';
import { ProjectorModule } from './projector.module';

/** The projector process: the projector plus `/health` and `/metrics` for its orchestrator. No `/v1` routes. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [InfrastructureModule.forRoot(config), ProjectorModule] };
  }
}
