import { Inject, Injectable } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { SharedReading } from './shared-reading';

/** How fresh the labels behind an answer are (docs/contract.md §6): where the projection has got to, and its lag. */
export interface LabelFreshness {
  /** Last `$all` position (`commit/prepare`) whose labels are visible, or null before the first. */
  readonly position: string | null;
  /** Commit time of the event at that position. */
  readonly reachedAt: string | null;
  /** Events written to the label tables but not yet visible in the bitmaps. */
  readonly lagEvents: number;
  /** How far the visible labels trail the written ones, in event time. */
  readonly lagSeconds: number;
}

/** Where freshness comes from; the app may bind the projection's own tracker instead. */
export interface LabelFreshnessSource {
  current(): Promise<LabelFreshness>;
}

export const LABEL_FRESHNESS = Symbol('LABEL_FRESHNESS');

const REUSE_MS = 250;
/** How old a reported freshness may be when a newer read is under way. */
const STALE_MS = 2_000;

interface CheckpointRow {
  stage: string;
  commit_position: string;
  prepare_position: string;
  events: string;
  reached_at: string;
}

/**
 * Freshness as any API replica can see it: the projector's checkpoints in
 * ClickHouse. `bitmaps` is what segment answers can see; `labels` is what has
 * been written; the difference is the lag.
 */
@Injectable()
export class CheckpointFreshnessSource implements LabelFreshnessSource {
  private readonly shared = new SharedReading(() => this.read(), { reuseMs: REUSE_MS, staleMs: STALE_MS });

  constructor(@Inject(ClickHouse) private readonly ch: ClickHouse) {}

  /**
   * Shared by the requests of the same quarter second, and refreshed in the
   * background after it: the recommender asks on every page render, and an
   * answer may say it is a little older than it is (never fresher), so one
   * read serves them all and no request waits for the next one.
   */
  current(): Promise<LabelFreshness> {
    return this.shared.current();
  }

  private async read(): Promise<LabelFreshness> {
    const rows = await this.ch.query<CheckpointRow>(
      `SELECT stage, commit_position, prepare_position, events, reached_at FROM label_checkpoints FINAL WHERE stage IN ('labels', 'bitmaps')`,
    );
    const labels = rows.find((row) => row.stage === 'labels');
    const visible = rows.find((row) => row.stage === 'bitmaps');
    if (!visible) return { position: null, reachedAt: null, lagEvents: Number(labels?.events ?? 0), lagSeconds: 0 };
    const reachedAt = utc(visible.reached_at);
    const written = labels ? utc(labels.reached_at) : reachedAt;
    return {
      position: `${visible.commit_position}/${visible.prepare_position}`,
      reachedAt: reachedAt.toISOString(),
      lagEvents: Math.max(0, Number(labels?.events ?? visible.events) - Number(visible.events)),
      lagSeconds: Math.max(0, (written.getTime() - reachedAt.getTime()) / 1000),
    };
  }
}

function utc(dateTime: string): Date {
  return new Date(`${dateTime.replace(' ', 'T')}Z`);
}
