import 'reflect-metadata';
import { runHttpService } from '@tagstream/http';
import { withConsoleUrl } from '../../console/server';
import { ApiAppModule } from './api-app.module';
import { demoTokenBanner } from './demo-token-banner';
import { requireExternalStores } from './require-external-stores';

void runHttpService({
  service: 'api',
  module: (config) => ApiAppModule.forRoot(config),
  checkConfig: requireExternalStores('api'),
  banner: (app) => withConsoleUrl(demoTokenBanner(app), app),
});
