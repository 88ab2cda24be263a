import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@tagstream/observability';

export type BatchOutcome = 'accepted' | 'invalid' | 'saturated' | 'unavailable' | 'refused';

/** Counters of `POST /v1/events`, served at `GET /metrics`. */
export class IntakeMetrics {
  readonly events: Counter<'outcome'>;
  readonly batches: Counter<'outcome'>;
  readonly appendSeconds: Histogram;
  readonly inFlight: Gauge;

  constructor(metrics: MetricsService) {
    this.events = metrics.counter({
      name: 'tagstream_intake_events_total',
      help: 'Posted events by outcome: accepted (stored), duplicate (known eventId, not stored again), rejected (batch failed validation)',
      labelNames: ['outcome'],
    });
    this.batches = metrics.counter({
      name: 'tagstream_intake_batches_total',
      help: 'Posted batches by outcome: accepted, invalid (400), saturated (503 with Retry-After), unavailable (503, store failed), refused (other store refusal)',
      labelNames: ['outcome'],
    });
    this.appendSeconds = metrics.histogram({
      name: 'tagstream_intake_append_seconds',
      help: 'Time to check duplicates and append one valid batch to the event store',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.inFlight = metrics.gauge({ name: 'tagstream_intake_in_flight_events', help: 'Events being appended right now' });
  }
}
