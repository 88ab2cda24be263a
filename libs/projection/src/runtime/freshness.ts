import { comparePositions, formatPosition, isAfter, Position } from '../core/position';
import { UnscannedEvent } from './ports';

/** How fresh the labels are, for every answer built from them (docs/contract.md §6) and for /health. */
export interface Freshness {
  /** The last `$all` position whose labels are visible (bitmaps included), or null before the first. */
  readonly position: string | null;
  /** Commit time of the event at that position. */
  readonly reachedAt: string | null;
  /** Events received from the store but not yet visible (events still in the store are not counted: see `behindStore`). */
  readonly lagEvents: number;
  /**
   * Age of the oldest event not yet visible: received and waiting, or (when
   * `behindStore`) the first user event in the store the subscription has not
   * reached. 0 when none is waiting.
   */
  readonly lagSeconds: number;
  /**
   * The last look at the store's head found user events the subscription has
   * not reached yet (producers appending faster than it delivers). Always
   * false when the projector has no `StoreHead` to look with.
   */
  readonly behindStore: boolean;
  /**
   * The subscription has reached the end of the store since it (re)started,
   * the store holds nothing it has not reached (`behindStore` false) and
   * nothing received is waiting (`lagEvents` 0).
   */
  readonly caughtUp: boolean;
}

interface HeadProbe {
  readonly head: Position | null;
  readonly firstUnscanned: UnscannedEvent | null;
}

/**
 * Tracks what has been received, what is visible and how far the filtered
 * subscription has scanned `$all`, against the store's head as last probed.
 * The projector feeds it, `getFreshness()` reads it.
 */
export class FreshnessTracker {
  private visible: { position: Position; reachedAt: Date } | undefined;
  private pending: { created: Date }[] = [];
  private reachedEnd = false;
  private scanned: Position | undefined;
  private probe: HeadProbe | undefined;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The furthest `$all` position the subscription has examined: an event received or a checkpoint passed. */
  get scannedPosition(): Position | undefined {
    return this.scanned;
  }

  received(created: Date | undefined, position?: Position): void {
    this.pending.push({ created: created ?? this.now() });
    if (position) this.scannedTo(position);
  }

  /** The subscription examined everything up to `position` (a checkpoint of the filtered subscription). */
  scannedTo(position: Position): void {
    if (isAfter(position, this.scanned)) this.scanned = position;
  }

  /** The subscription reached the end of what is stored. */
  subscriptionCaughtUp(): void {
    this.reachedEnd = true;
  }

  /** What a look at the store found: its head and the first user event after the scanned position (null: none). */
  storeProbed(head: Position | null, firstUnscanned: UnscannedEvent | null): void {
    this.probe = { head, firstUnscanned };
  }

  madeVisible(count: number, position: Position, reachedAt: Date): void {
    this.pending.splice(0, count);
    this.visible = { position, reachedAt };
  }

  /** The subscription starts strictly after the stored checkpoint. */
  restoredFrom(position: Position, reachedAt: Date): void {
    this.visible = { position, reachedAt };
    this.scanned = position;
  }

  /** After a resubscribe the store redelivers what was pending, from the stored checkpoint. */
  resubscribed(): void {
    this.pending = [];
    this.reachedEnd = false;
    this.scanned = undefined;
  }

  snapshot(): Freshness {
    const behindStore = this.isBehindStore();
    const oldest = this.pending[0]?.created;
    const unscanned = behindStore ? this.probe?.firstUnscanned?.created : undefined;
    return {
      position: this.visible ? formatPosition(this.visible.position) : null,
      reachedAt: this.visible ? this.visible.reachedAt.toISOString() : null,
      lagEvents: this.pending.length,
      lagSeconds: Math.max(this.ageOf(oldest), this.ageOf(unscanned)),
      behindStore,
      caughtUp: this.reachedEnd && !behindStore && this.pending.length === 0,
    };
  }

  /** Behind while the probe found a user event to come and the subscription has not scanned up to the head it saw. */
  private isBehindStore(): boolean {
    const probe = this.probe;
    if (!probe?.firstUnscanned || !probe.head) return false;
    return !this.scanned || comparePositions(this.scanned, probe.head) < 0;
  }

  private ageOf(created: Date | undefined): number {
    return created ? Math.max(0, (this.now().getTime() - created.getTime()) / 1000) : 0;
  }
}
