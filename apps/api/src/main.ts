import 'reflect-metadata';
import { runHttpService } from '@tagstream/http';
import { ApiAppModule } from './api-app.module';
import { demoTokenBanner } from './demo-token-banner';
import { requireExternalStores } from './require-external-stores';

void runHttpService({
  service: 'api',
  module: (config) => ApiAppModule.forRoot(config),
  checkConfig: requireExternalStores('api'),
  banner: (app) => demoTokenBanner(app),
});
