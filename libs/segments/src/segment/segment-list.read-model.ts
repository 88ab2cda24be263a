import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ServiceUnavailableError } from '@tagstream/common';
import { EventStore, EventStoreSubscription, StorePosition } from '@tagstream/eventstore';
import { evolve, Segment } from './segment';
import { isSegmentEvent, SEGMENT_STREAM_PREFIX } from './segment.events';

const RESUBSCRIBE_MS = 500;

/**
 * The list of each tenant's segments, kept in memory from a catch-up
 * subscription to the segment streams of `$all` (never from the in-process
 * bus). Segments are few (thousands, not millions), so every API replica
 * keeps its own copy; a restart rebuilds it from the store. A caller that
 * just wrote waits for its append's position, so it reads its own write.
 */
@Injectable()
export class SegmentListReadModel implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SegmentListReadModel');
  private readonly segments = new Map<string, Segment>();
  private position: StorePosition | undefined;
  private caughtUp = false;
  private subscription: EventStoreSubscription | undefined;
  private stopped = false;
  private waiters: { ready: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    void this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
  }

  /** The tenant's segments (every tenant's when `tenant` is undefined), oldest first; archived ones only when asked. */
  async list(tenant: string | undefined, includeArchived: boolean, waitForPosition?: StorePosition): Promise<Segment[]> {
    await this.waitUntil(() => this.caughtUp && (waitForPosition === undefined || this.reached(waitForPosition)));
    return [...this.segments.values()].filter((s) => (tenant === undefined || s.tenant === tenant) && (includeArchived || !s.archived));
  }

  /** Resolves once the model has applied everything up to `position` (bounded; 503 after the timeout). */
  async waitFor(position: StorePosition): Promise<void> {
    await this.waitUntil(() => this.reached(position));
  }

  private reached(position: StorePosition): boolean {
    const at = this.position;
    return at !== undefined && (at.commit > position.commit || (at.commit === position.commit && at.prepare >= position.prepare));
  }

  private waitUntil(ready: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new ServiceUnavailableError('the segment list is catching up with the event store', 1));
      }, timeoutMs);
      const waiter = { ready, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.ready());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }

  /** Follows the segment streams from where it got to; a failed subscription resumes after a pause. */
  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        this.subscription = this.store.subscribeToAll({
          from: this.position,
          streamPrefixes: [SEGMENT_STREAM_PREFIX],
          onCheckpoint: (position) => this.advance(position),
          onCaughtUp: () => ((this.caughtUp = true), this.wake()),
        });
        for await (const stored of this.subscription) {
          const event = { type: stored.type, data: stored.data };
          if (isSegmentEvent(event)) {
            const id = event.data.segmentId;
            const next = evolve(this.segments.get(id), event);
            if (next) this.segments.set(id, next);
          }
          this.advance(stored.position);
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`segment subscription failed, resuming: ${(error as Error).message}`);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_MS));
    }
  }

  private advance(position: StorePosition): void {
    if (!this.reached(position)) this.position = position;
    this.wake();
  }
}
