import { MetricsService } from './metrics.service';
import { HttpMetrics } from './http-metrics';

describe('MetricsService', () => {
  it('returns the same metric when asked twice and renders it', async () => {
    const metrics = new MetricsService();
    const first = metrics.counter({ name: 'events_accepted_total', help: 'accepted events' });
    expect(metrics.counter({ name: 'events_accepted_total', help: 'accepted events' })).toBe(first);
    first.inc(3);
    expect(await metrics.render()).toMatch(/^events_accepted_total 3$/m);
  });

  it('refuses one name for two kinds', () => {
    const metrics = new MetricsService();
    metrics.gauge({ name: 'projector_lag_seconds', help: 'lag' });
    expect(() => metrics.counter({ name: 'projector_lag_seconds', help: 'lag' })).toThrow('another kind');
  });

  it('keeps registries of two instances apart and includes default process metrics', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.counter({ name: 'only_in_a_total', help: 'x' }).inc();
    expect(await b.render()).not.toContain('only_in_a_total');
    expect(await b.render()).toContain('process_cpu_seconds_total');
  });

  it('records request durations by method, route pattern and status', async () => {
    const metrics = new MetricsService();
    const http = new HttpMetrics(metrics);
    http.observe('GET', '/v1/segments/:id', 200, 0.004);
    http.observe('GET', undefined, 404, 0.001);
    const text = await metrics.render();
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/v1/segments/:id",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"} 1');
  });
});
