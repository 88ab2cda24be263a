import { ClickHouse } from '@tagstream/clickhouse';
import { Freshness } from '../runtime/freshness';
import { toDateTime64 } from './label-store';

/** How often the running projector writes its heartbeat. */
export const HEARTBEAT_MS = 5_000;

/** What the projector last said of itself, and when. */
export interface Heartbeat extends Omit<Freshness, 'reachedAt'> {
  readonly writtenAt: Date;
}

interface HeartbeatRow {
  written_at: string;
  position: string;
  lag_events: string;
  lag_seconds: number;
  behind_store: number;
  caught_up: number;
}

/** `projector_heartbeat`: one row per projector process, replaced by each beat. */
export class ProjectorHeartbeatStore {
  constructor(
    private readonly ch: ClickHouse,
    private readonly process = 'projector',
  ) {}

  async write(freshness: Freshness, at: Date = new Date()): Promise<void> {
    await this.ch.insert('projector_heartbeat', [
      {
        process: this.process,
        written_at: toDateTime64(at),
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
      `SELECT written_at, position, lag_events, lag_seconds, behind_store, caught_up
       FROM projector_heartbeat FINAL WHERE process = {process:String}`,
      { process: this.process },
    );
    if (!row) return undefined;
    return {
      writtenAt: new Date(`${row.written_at.replace(' ', 'T')}Z`),
      position: row.position === '' ? null : row.position,
      lagEvents: Number(row.lag_events),
      lagSeconds: Number(row.lag_seconds),
      behindStore: Number(row.behind_store) === 1,
      caughtUp: Number(row.caught_up) === 1,
    };
  }
}
