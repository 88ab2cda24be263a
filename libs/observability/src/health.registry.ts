import { Injectable } from '@nestjs/common';

export interface HealthStatus {
  up: boolean;
  details?: object;
}

export type HealthIndicator = () => Promise<HealthStatus>;

export interface HealthReport {
  status: 'ready' | 'not_ready';
  live: true;
  ready: boolean;
  checks: Record<string, HealthStatus & { durationMs: number }>;
}

const DEFAULT_TIMEOUT_MS = 3_000;

/**
 * Readiness is the conjunction of the indicators registered here (event store
 * reachable, ClickHouse reachable, projector lag under its threshold...). An
 * indicator that throws or does not answer in time counts as down, so one
 * hung dependency cannot hang `/health` itself.
 */
@Injectable()
export class HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();

  constructor(private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {}

  register(name: string, indicator: HealthIndicator): void {
    if (this.indicators.has(name)) throw new Error(`Health indicator ${name} is already registered`);
    this.indicators.set(name, indicator);
  }

  unregister(name: string): void {
    this.indicators.delete(name);
  }

  names(): string[] {
    return [...this.indicators.keys()];
  }

  async check(): Promise<HealthReport> {
    const entries = await Promise.all([...this.indicators].map(async ([name, indicator]) => [name, await this.run(indicator)] as const));
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, status]) => status.up);
    return { status: ready ? 'ready' : 'not_ready', live: true, ready, checks };
  }

  private async run(indicator: HealthIndicator): Promise<HealthStatus & { durationMs: number }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthStatus>((resolve) => {
      timer = setTimeout(() => resolve({ up: false, details: { error: `no answer within ${this.timeoutMs} ms` } }), this.timeoutMs);
    });
    try {
      const status = await Promise.race([indicator().catch(toDown), timeout]);
      return { up: status.up === true, ...(status.details ? { details: status.details } : {}), durationMs: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function toDown(error: unknown): HealthStatus {
  return { up: false, details: { error: error instanceof Error ? error.message : String(error) } };
}
