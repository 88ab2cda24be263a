import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, Registry } from 'prom-client';

type Named<T> = Omit<T, 'registers'>;

/**
 * The process's Prometheus registry. Each application instance owns its own
 * registry (not prom-client's global one), so several apps in one test process
 * do not collide. Asking twice for a metric of the same name returns the first.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Named<CounterConfiguration<L>>): Counter<L> {
    return this.existing<Counter<L>>(config.name, Counter) ?? new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Named<GaugeConfiguration<L>>): Gauge<L> {
    return this.existing<Gauge<L>>(config.name, Gauge) ?? new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Named<HistogramConfiguration<L>>): Histogram<L> {
    return this.existing<Histogram<L>>(config.name, Histogram) ?? new Histogram({ ...config, registers: [this.registry] });
  }

  /** The exposition text served at `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private existing<T>(name: string, kind: abstract new (...args: never[]) => unknown): T | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`Metric ${name} is already registered as another kind`);
    return metric as T;
  }
}
