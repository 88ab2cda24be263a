import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** `GET /health`, `GET /health/live`, `GET /metrics`, and the services other modules feed them through. */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, HttpMetrics, { provide: HealthRegistry, useFactory: () => new HealthRegistry() }],
  exports: [MetricsService, HttpMetrics, HealthRegistry],
})
export class ObservabilityModule {}
