import 'reflect-metadata';
import { runHttpService } from '@tagstream/http';
import { withConsoleUrl } from '../../console/server';
import { demoTokenBanner } from '../../api/src/demo-token-banner';
import { TagstreamModule } from './tagstream.module';

void runHttpService({
  service: 'tagstream',
  module: (config) => TagstreamModule.forRoot(config),
  lockDataDir: true,
  banner: (app) => withConsoleUrl(demoTokenBanner(app), app),
});
