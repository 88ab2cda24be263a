import 'reflect-metadata';
import { runHttpService } from '@tagstream/http';
import { requireExternalStores } from '../../api/src/require-external-stores';
import { ProjectorAppModule } from './projector-app.module';

void runHttpService({
  service: 'projector',
  module: (config) => ProjectorAppModule.forRoot(config),
  checkConfig: requireExternalStores('projector'),
});
