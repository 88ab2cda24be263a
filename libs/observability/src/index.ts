export { HealthRegistry } from './health.registry';
export type { HealthIndicator, HealthReport, HealthStatus } from './health.registry';
export { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';
export { MetricsService } from './metrics.service';
export { ObservabilityModule } from './observability.module';
