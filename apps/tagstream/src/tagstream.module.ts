import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tagstream/config';
import { ApiModule } from '../../api/src/api.module';
import { InfrastructureModule } from '../../api/src/infrastructure.module';
import { ProjectorModule } from '../../projector/src/projector.module';

/**
 * Everything in one process (`npm start`): the stores (embedded under
 * DATA_DIR unless real servers are configured), the API and the projector.
 */
@Module({})
export class TagstreamModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TagstreamModule, imports: [InfrastructureModule.forRoot(config), ApiModule, ProjectorModule] };
  }
}
