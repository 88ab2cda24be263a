import { ClickHouse } from '@tagstream/clickhouse';
import { Freshness } from '../runtime/freshness';

/** How often the running projector writes its heartbeat. */
export const HEARTBEAT_MS = 5_000;

/** What the projector last said of itself, when, and how long ago by ClickHouse's clock. */
export interface Heartbeat extends Omit<Freshness, 'reachedAt'> {
  readonly writtenAt: Date;
  readonly silentSeconds: number;
}

interface HeartbeatRow {
  written_at: string;
  silent_ms: string;
  position: string;
  lag_events: string;
  lag_seconds: number;
  behind_store: number;
  caught_up: number;
}

/** `projector_heartbeat`: one row for the deployment's one projector, replaced by each beat. */
export class ProjectorHeartbeatStore {
  constructor(
    private readonly ch: ClickHouse,
    private readonly process = 'projector',
  ) {}

  /** `written_at` is left to ClickHouse (its column default), so every beat is stamped by one clock. */
  async write(freshness: Freshness): Promise<void> {
    await this.ch.insert('projector_heartbeat', [
      {
        process: this.process,
        position: freshness.position ?? '',
        lag_events: freshness.lagEvents,
        lag_seconds: freshness.lagSeconds,
        behind_store: freshness.behindStore ? 1 : 0,
        caught_up: freshness.caughtUp ? 1 : 0,
      },
    ]);
  }

  async latest(): Promise<Heartbeat | undefined> {
    const [row] = await this.ch.query<HeartbeatRow>(
      `SELECT written_at, greatest(0, dateDiff('millisecond', written_at, now64(3))) AS silent_ms,
              position, lag_events, lag_seconds, behind_store, caught_up
       FROM projector_heartbeat FINAL WHERE process = {process:String}`,
      { process: this.process },
    );
    if (!row) return undefined;
    return {
      writtenAt: new Date(`${row.written_at.replace(' ', 'T')}Z`),
      silentSeconds: Number(row.silent_ms) / 1000,
      position: row.position === '' ? null : row.position,
      lagEvents: Number(row.lag_events),
      lagSeconds: Number(row.lag_seconds),
      behindStore: Number(row.behind_store) === 1,
      caughtUp: Number(row.caught_up) === 1,
    };
  }
}
