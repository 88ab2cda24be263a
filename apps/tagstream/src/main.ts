import 'reflect-metadata';
import { runHttpService } from '@tagstream/http';
import { demoTokenBanner } from '../../api/src/demo-token-banner';
import { TagstreamModule } from './tagstream.module';

void runHttpService({
  service: 'tagstream',
  module: (config) => TagstreamModule.forRoot(config),
  banner: (app) => demoTokenBanner(app),
});
