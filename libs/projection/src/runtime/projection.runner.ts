import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { ClickHouseEraser, ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { HealthRegistry, MetricsService } from '@tagstream/observability';
import { LabelStore } from '../clickhouse/label-store';
import { HEARTBEAT_MS, ProjectorHeartbeatStore } from '../clickhouse/projector-heartbeat';
import { EventStoreDeadLetterSink } from '../eventstore/event-store-dead-letter-sink';
import { EventStoreHead } from '../eventstore/event-store-head';
import { EventStoreSurrogateRegistry } from '../eventstore/event-store-surrogate-registry';
import { EventStoreUserEventFeed } from '../eventstore/event-store-user-event-feed';
import { Freshness } from './freshness';
import { ProjectionMetrics } from './projection-metrics';
import { Projector, ProjectorOptions } from './projector';

export const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

export interface ProjectionModuleOptions {
  /** Run the projector in this process (projector and single process); the api process only looks mappings up. */
  runProjector: boolean;
  /** Readiness fails while the oldest event not yet visible is older than this (default 30 s). */
  maxLagSeconds?: number;
  /** User ids whose surrogate is kept in memory. */
  surrogateCacheSize?: number;
  projector?: Omit<ProjectorOptions, 'log' | 'metrics' | 'erasures' | 'purgeErased' | 'head'>;
}

/**
 * Runs the projector for the life of the application: started once the app
 * has bootstrapped, stopped before the stores close (the batch in flight is
 * written with its checkpoint first). Registers the `projector` readiness
 * indicator (running, lag under `maxLagSeconds`) and writes the same facts to
 * ClickHouse every few seconds (`projector_heartbeat`) for processes that do
 * not run the projector.
 */
@Injectable()
export class ProjectionRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projection');
  private readonly projector: Projector;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private stopped: Error | undefined;
  private readonly heartbeats: ProjectorHeartbeatStore;
  private heartbeat: { timer: NodeJS.Timeout; last: Promise<void> } | undefined;

  constructor(
    events: EventStore,
    ch: ClickHouse,
    config: AppConfig,
    registry: EventStoreSurrogateRegistry,
    private readonly health: HealthRegistry,
    metrics: MetricsService,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionModuleOptions,
  ) {
    const log = (level: 'info' | 'warn' | 'error', message: string, fields?: object) =>
      this.logger[level === 'info' ? 'log' : level](`${message} ${JSON.stringify(fields ?? {})}`);
    const eraser = new ClickHouseEraser(ch);
    this.heartbeats = new ProjectorHeartbeatStore(ch);
    this.projector = new Projector(
      new LabelStore(ch),
      new EventStoreUserEventFeed(events, { log }),
      registry,
      new EventStoreDeadLetterSink(events),
      // Its own erasure view, refreshed per batch from the compliance-erasures stream.
      {
        ...options.projector,
        log,
        metrics: new ProjectionMetrics(metrics),
        erasures: new ErasureRegistry(events, config),
        purgeErased: (surrogate) => eraser.erase(surrogate),
        head: new EventStoreHead(events),
      },
    );
  }

  onModuleInit(): void {
    const maxLagSeconds = this.options.maxLagSeconds ?? 30;
    this.health.register('projector', async () => {
      const freshness = this.projector.getFreshness();
      if (this.stopped) return { up: false, details: { ...freshness, error: this.stopped.message } };
      const up = this.running !== undefined && freshness.lagSeconds <= maxLagSeconds;
      return { up, details: { ...freshness, maxLagSeconds } };
    });
  }

  onApplicationBootstrap(): void {
    this.running = this.projector.run(this.abort.signal).catch((error: Error) => {
      this.stopped = error;
      this.logger.error(`projection stopped: ${error.message}`);
    });
    // Processes that do not run the projector (the api process) read its lag from these beats.
    const beat = { timer: setInterval(() => (beat.last = this.beat()), HEARTBEAT_MS), last: this.beat() };
    beat.timer.unref();
    this.heartbeat = beat;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.heartbeat) {
      clearInterval(this.heartbeat.timer);
      await this.heartbeat.last;
    }
    this.abort.abort();
    await this.running;
  }

  /** A stopped projector stops beating, so its silence is what readers see. */
  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.heartbeats.write(this.projector.getFreshness());
    } catch (error) {
      this.logger.warn(`projector heartbeat not written: ${(error as Error).message}`);
    }
  }

  getFreshness(): Freshness {
    return this.projector.getFreshness();
  }
}
