import type { MetricsService } from '@tagstream/observability';
import { Freshness } from './freshness';

/** The projector's Prometheus metrics; a no-op when no registry is given (CLI runs, benchmarks). */
export class ProjectionMetrics {
  private readonly events?: ReturnType<MetricsService['counter']>;
  private readonly deadLetters?: ReturnType<MetricsService['counter']>;
  private readonly retries?: ReturnType<MetricsService['counter']>;
  private readonly lagEvents?: ReturnType<MetricsService['gauge']>;
  private readonly lagSeconds?: ReturnType<MetricsService['gauge']>;
  private readonly batchSeconds?: ReturnType<MetricsService['histogram']>;

  constructor(metrics?: MetricsService) {
    if (!metrics) return;
    this.events = metrics.counter({ name: 'tagstream_projection_events_total', help: 'Events seen by the projector, by outcome', labelNames: ['outcome'] });
    this.deadLetters = metrics.counter({ name: 'tagstream_projection_dead_letters_total', help: 'Events written to the dead-letter stream', labelNames: ['reason'] });
    this.retries = metrics.counter({ name: 'tagstream_projection_retries_total', help: 'Retried store operations and resubscriptions', labelNames: ['what'] });
    this.lagEvents = metrics.gauge({ name: 'tagstream_projection_lag_events', help: 'Events received but not yet visible in labels' });
    this.lagSeconds = metrics.gauge({ name: 'tagstream_projection_lag_seconds', help: 'Age of the oldest event not yet visible in labels' });
    this.batchSeconds = metrics.histogram({ name: 'tagstream_projection_batch_seconds', help: 'Time to write one batch of labels', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
  }

  counted(stats: { applied: number; replayed: number; duplicates: number; deadLettered: number }): void {
    for (const [outcome, n] of Object.entries(stats)) if (n > 0) this.events?.inc({ outcome }, n);
  }

  /** Events dropped because their person was erased (or their mapping forgotten). */
  erased(n: number): void {
    if (n > 0) this.events?.inc({ outcome: 'erased' }, n);
  }

  deadLettered(reason: string): void {
    this.deadLetters?.inc({ reason: reason.split(/[: ]/)[0] || 'unknown' });
  }

  retried(what: string): void {
    this.retries?.inc({ what });
  }

  batch(seconds: number): void {
    this.batchSeconds?.observe(seconds);
  }

  freshness(freshness: Freshness): void {
    this.lagEvents?.set(freshness.lagEvents);
    this.lagSeconds?.set(freshness.lagSeconds);
  }
}
