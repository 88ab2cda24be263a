import { formatPosition, Position } from '../core/position';

/** How fresh the labels are, for every answer built from them (DESIGN §6) and for /health. */
export interface Freshness {
  /** The last `$all` position whose labels are visible (bitmaps included), or null before the first. */
  readonly position: string | null;
  /** Commit time of the event at that position. */
  readonly reachedAt: string | null;
  /** Events received from the store but not yet visible. */
  readonly lagEvents: number;
  /** Age of the oldest event not yet visible (0 when none is waiting). */
  readonly lagSeconds: number;
  /** Whether the subscription has reached the end of the store since it (re)started. */
  readonly caughtUp: boolean;
}

/** Tracks what has been received and what is visible; the projector feeds it, `getFreshness()` reads it. */
export class FreshnessTracker {
  private visible: { position: Position; reachedAt: Date } | undefined;
  private pending: { created: Date }[] = [];
  caughtUp = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  received(created: Date | undefined): void {
    this.pending.push({ created: created ?? this.now() });
  }

  madeVisible(count: number, position: Position, reachedAt: Date): void {
    this.pending.splice(0, count);
    this.visible = { position, reachedAt };
  }

  restoredFrom(position: Position, reachedAt: Date): void {
    this.visible = { position, reachedAt };
  }

  /** After a resubscribe the store redelivers what was pending. */
  resubscribed(): void {
    this.pending = [];
    this.caughtUp = false;
  }

  snapshot(): Freshness {
    const oldest = this.pending[0];
    const lagSeconds = oldest ? Math.max(0, (this.now().getTime() - oldest.created.getTime()) / 1000) : 0;
    return {
      position: this.visible ? formatPosition(this.visible.position) : null,
      reachedAt: this.visible ? this.visible.reachedAt.toISOString() : null,
      lagEvents: this.pending.length,
      lagSeconds,
      caughtUp: this.caughtUp,
    };
  }
}
