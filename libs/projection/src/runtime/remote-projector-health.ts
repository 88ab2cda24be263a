import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { HealthRegistry, HealthStatus } from '@tagstream/observability';
import { Heartbeat, HEARTBEAT_MS, ProjectorHeartbeatStore } from '../clickhouse/projector-heartbeat';
import { PROJECTION_OPTIONS, ProjectionModuleOptions } from './projection.runner';

/**
 * The projector's readiness as a process that does not run it sees it: its
 * last heartbeat. Not ready when it has never reported, when it has been
 * silent for longer than `maxLagSeconds` (stopped, or cut off from
 * ClickHouse), or when the lag it reported exceeds `maxLagSeconds`.
 */
export function judgeHeartbeat(beat: Heartbeat | undefined, maxLagSeconds: number): HealthStatus {
  if (!beat) return { up: false, details: { source: 'heartbeat', error: 'the projector has not reported yet', maxLagSeconds } };
  const silentLimit = Math.max(maxLagSeconds, (3 * HEARTBEAT_MS) / 1000);
  const { writtenAt, silentSeconds, ...freshness } = beat;
  const details = { source: 'heartbeat', ...freshness, reportedAt: writtenAt.toISOString(), silentSeconds, maxLagSeconds };
  if (silentSeconds > silentLimit) return { up: false, details: { ...details, error: `the projector has not reported for ${Math.round(silentSeconds)} s` } };
  return { up: beat.lagSeconds <= maxLagSeconds, details };
}

/** The `projector` indicator of the api process, from the heartbeat the projector process writes to ClickHouse. */
@Injectable()
export class RemoteProjectorHealth implements OnModuleInit {
  constructor(
    private readonly ch: ClickHouse,
    private readonly health: HealthRegistry,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionModuleOptions,
  ) {}

  onModuleInit(): void {
    const heartbeats = new ProjectorHeartbeatStore(this.ch);
    this.health.register('projector', async () => judgeHeartbeat(await heartbeats.latest(), this.options.maxLagSeconds ?? 30));
  }
}
