import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

/** Route labels are route patterns (`/v1/segments/:id`), never raw paths, so the series count stays bounded. */
export const UNMATCHED_ROUTE = '(unmatched)';

@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsService) {
    this.duration = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  observe(method: string, route: string | undefined, status: number, seconds: number): void {
    this.duration.observe({ method, route: route ?? UNMATCHED_ROUTE, status: String(status) }, seconds);
  }
}
