import { setTimeout as delay } from 'node:timers/promises';
import { ServiceUnavailableError } from '@tagstream/common';
import { userIdFromStream } from '@tagstream/events';
import { Checkpoint, LabelStore } from '../clickhouse/label-store';
import { comparePositions, isAfter, Position } from '../core/position';
import { newProjectedUser, ProjectedUser } from '../core/projected-user';
import { prepareBatch, projectBatch } from '../core/project-batch';
import { SourceEvent, UserEvent } from '../core/source-event';
import { withBackoff } from './backoff';
import { Freshness, FreshnessTracker } from './freshness';
import { Lru } from './lru';
import { DeadLetterSink, ErasedSubjects, StoreHead, SurrogateRegistry, UserEventFeed } from './ports';
import { ProjectionMetrics } from './projection-metrics';
import { readAhead } from './read-ahead';

export interface ProjectorOptions {
  /** Largest batch: events folded and written together. */
  maxBatchEvents?: number;
  /** Events read ahead into a buffer while a batch is folded and written (0: none, reading waits for each batch). */
  readAheadEvents?: number;
  /** How long a partial batch waits for more events before it is written. */
  maxBatchWaitMs?: number;
  /** Users whose state is kept in memory; the rest is read back from ClickHouse when needed. */
  userCacheSize?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;
  metrics?: ProjectionMetrics;
  now?: () => Date;
  /** Called after each batch is visible (labels and bitmaps); used by progress bars and benchmarks. */
  onBatch?: (info: { events: number; position: Position; total: number }) => void;
  /** Erased people: refreshed once per batch, their events dropped (and so are events of users whose mapping was forgotten). */
  erasures?: ErasedSubjects;
  /**
   * Removes everything ClickHouse holds of a surrogate (compliance's `ClickHouseEraser`).
   * With `erasures`, used for a person erased while a batch holding their events was
   * being written: the erasure may have cleared ClickHouse before the batch landed.
   */
  purgeErased?: (surrogate: number) => Promise<unknown>;
  /** Where to look at the store's head, so freshness counts events the subscription has not reached yet. */
  head?: StoreHead;
  /** How often the head is looked at (default 1 000 ms; one look at a time). */
  headProbeMs?: number;
}

const TIMEOUT = Symbol('timeout');

/**
 * Follows the user streams of `$all` from the stored checkpoint and keeps the
 * labels in one generation of label tables. Each batch: surrogates, user
 * states (memory, else ClickHouse), fold, dead letters, label rows, then the
 * checkpoint; then the bitmaps of what changed, then their checkpoint.
 */
export class Projector {
  private readonly feed: UserEventFeed;
  private readonly users: Lru<number, ProjectedUser>;
  private readonly freshness: FreshnessTracker;
  private readonly metrics: ProjectionMetrics;
  private checkpoint: Checkpoint | undefined;
  private bitmapsAt: Checkpoint | undefined;
  private readonly options: Required<Omit<ProjectorOptions, 'log' | 'metrics' | 'onBatch' | 'now' | 'erasures' | 'purgeErased' | 'head'>> & ProjectorOptions;

  constructor(
    private readonly store: LabelStore,
    feed: UserEventFeed,
    private readonly registry: SurrogateRegistry,
    private readonly deadLetters: DeadLetterSink,
    options: ProjectorOptions = {},
  ) {
    this.options = {
      maxBatchEvents: 20_000,
      readAheadEvents: 20_000,
      maxBatchWaitMs: 20,
      userCacheSize: 200_000,
      retryInitialMs: 100,
      retryMaxMs: 10_000,
      headProbeMs: 1_000,
      ...options,
    };
    // Reading $all goes on while a batch is folded and written, instead of taking turns with it.
    this.feed = this.options.readAheadEvents > 0 ? readAhead(feed, this.options.readAheadEvents) : feed;
    this.users = new Lru(this.options.userCacheSize);
    this.freshness = new FreshnessTracker(options.now);
    this.metrics = options.metrics ?? new ProjectionMetrics();
  }

  getFreshness(): Freshness {
    return this.freshness.snapshot();
  }

  /**
   * Projects until `signal` aborts, or (with `untilCaughtUp`) until the end of
   * the store has been reached and written. Event-store failures resubscribe
   * from the checkpoint; ClickHouse unavailability is retried with back-off.
   */
  async run(signal: AbortSignal, { untilCaughtUp = false } = {}): Promise<void> {
    const probing = new AbortController();
    const probe = this.options.head ? this.probeHead(this.options.head, probing.signal) : Promise.resolve();
    try {
      await this.project(signal, untilCaughtUp);
    } finally {
      probing.abort();
      await probe;
    }
  }

  private async project(signal: AbortSignal, untilCaughtUp: boolean): Promise<void> {
    while (!signal.aborted) {
      try {
        this.checkpoint = await this.retrying('read checkpoint', () => this.store.readCheckpoint('labels'), signal);
        if (this.checkpoint) this.freshness.restoredFrom(this.checkpoint.position, this.checkpoint.reachedAt);
        await this.refreshBitmaps(signal);
        const finished = await this.follow(signal, untilCaughtUp);
        if (finished) return;
      } catch (error) {
        if (signal.aborted) return;
        // Anything held in memory may be ahead of what was written: start again from what ClickHouse says.
        this.users.clear();
        this.bitmapsAt = undefined;
        this.freshness.resubscribed();
        this.metrics.retried('resubscribe');
        this.options.log?.('warn', 'projection failed; resubscribing from the checkpoint', { error: (error as Error).message });
        if (!this.options.log) process.emitWarning(`projection failed; resubscribing from the checkpoint: ${(error as Error).message}`);
        await delay(this.options.retryInitialMs * 5, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** True when it stopped because it caught up (with `untilCaughtUp`). */
  private async follow(signal: AbortSignal, untilCaughtUp: boolean): Promise<boolean> {
    // Stopped while the checkpoint or bitmaps were being read: the abort has fired already and would never end this subscription.
    if (signal.aborted) return true;
    const inner = new AbortController();
    const stop = () => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    let caughtUp = false;
    const iterator = this.feed
      .subscribe(this.checkpoint?.position, {
        onCaughtUp: () => ((caughtUp = true), this.freshness.subscriptionCaughtUp()),
        onCheckpoint: (position) => this.freshness.scannedTo(position),
        signal: inner.signal,
      })
      [Symbol.asyncIterator]();
    let next: Promise<IteratorResult<SourceEvent>> | undefined;
    let batch: SourceEvent[] = [];
    try {
      for (;;) {
        next ??= iterator.next();
        // With untilCaughtUp an empty batch still waits with a timeout: caught up with nothing after the checkpoint, no event comes to wake it.
        const result = batch.length === 0 && !untilCaughtUp ? await next : await Promise.race([next, delay(this.options.maxBatchWaitMs, TIMEOUT)]);
        if (result === TIMEOUT) {
          await this.flush(batch, signal);
          batch = [];
          if (untilCaughtUp && caughtUp) return true;
          continue;
        }
        next = undefined;
        if (result.done) {
          await this.flush(batch, signal);
          return untilCaughtUp;
        }
        batch.push(result.value);
        this.freshness.received(result.value.created, result.value.position);
        if (batch.length >= this.options.maxBatchEvents) {
          await this.flush(batch, signal);
          batch = [];
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
      inner.abort();
      await iterator.return?.().catch(() => undefined);
    }
  }

  private async flush(events: SourceEvent[], signal: AbortSignal): Promise<void> {
    if (events.length === 0) return;
    const started = performance.now();
    const userEvents = await this.withSurrogates(events, signal);
    const users = await this.statesOf(userEvents, signal);
    const prepared = prepareBatch(userEvents, users);
    const stored = await this.retrying('read activity totals', () => this.store.loadActivityTotals(prepared.lookups), signal);
    const out = projectBatch(prepared, users, stored);
    const last = events[events.length - 1];
    const checkpoint: Checkpoint = {
      position: last.position,
      events: (this.checkpoint?.events ?? 0) + events.length,
      reachedAt: last.created ?? new Date(),
    };
    try {
      if (out.deadLetters.length > 0) {
        await this.retrying('write dead letters', () => this.deadLetters.write(out.deadLetters), signal);
        for (const letter of out.deadLetters) this.metrics.deadLettered(letter.field ?? letter.reason);
      }
      const dirty = [...out.dirty].map((pair) => {
        const at = pair.lastIndexOf('|');
        return { tag: pair.slice(0, at), bucket: Number(pair.slice(at + 1)) };
      });
      await this.retrying('write labels', () => this.store.write({ activity: out.activity, stateTags: out.stateTags, users: out.users, dirty, checkpoint }), signal);
    } catch (error) {
      for (const surrogate of users.keys()) this.users.delete(surrogate);
      throw error;
    }
    for (const [surrogate, user] of users) this.users.set(surrogate, user);
    this.checkpoint = checkpoint;
    this.metrics.counted(out.stats);
    await this.refreshBitmaps(signal);
    await this.purgeErasedDuringBatch(userEvents, signal);
    this.freshness.madeVisible(events.length, checkpoint.position, checkpoint.reachedAt);
    this.metrics.freshness(this.freshness.snapshot());
    this.metrics.batch((performance.now() - started) / 1000);
    this.options.onBatch?.({ events: events.length, position: checkpoint.position, total: checkpoint.events });
  }

  /**
   * An erasure recorded after this batch's erasure check but before its labels
   * and bitmaps were written may have cleared ClickHouse first, so the batch
   * wrote the person back. Looking again now closes that window: an erasure
   * recorded later than this look clears ClickHouse after this batch's writes.
   */
  private async purgeErasedDuringBatch(events: readonly UserEvent[], signal: AbortSignal): Promise<void> {
    const { erasures, purgeErased } = this.options;
    if (!erasures || !purgeErased) return;
    await this.retrying('refresh erasures', () => erasures.refresh(), signal);
    const late = new Set<number>();
    for (const { userId, surrogate } of events) if (erasures.isErased(userId)) late.add(surrogate);
    for (const surrogate of late) {
      this.users.delete(surrogate);
      await this.retrying('purge a person erased during the batch', () => purgeErased(surrogate), signal);
      this.options.log?.('info', 'removed the labels of a person erased while their events were being projected', { surrogate });
    }
  }

  /**
   * Looks at the store's head every `headProbeMs`, one look at a time, until
   * `signal` aborts: when the head is past what the subscription has scanned,
   * finds the first user event it has not reached. A failed look is logged and
   * the last answer kept.
   */
  private async probeHead(head: StoreHead, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const scanned = this.freshness.scannedPosition;
        const top = await head.head();
        const first = top && isAfter(top, scanned) ? await head.firstAfter(scanned) : null;
        this.freshness.storeProbed(top, first);
        this.metrics.freshness(this.freshness.snapshot());
      } catch (error) {
        this.options.log?.('warn', 'reading the event store head failed; freshness kept', { error: (error as Error).message });
      }
      await delay(this.options.headProbeMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Stage two: recompute the bitmaps of pairs that changed since the bitmap checkpoint, then move it. */
  private async refreshBitmaps(signal: AbortSignal): Promise<void> {
    const labels = this.checkpoint;
    if (!labels) return;
    this.bitmapsAt ??= await this.retrying('read bitmap checkpoint', () => this.store.readCheckpoint('bitmaps'), signal);
    const done = this.bitmapsAt;
    if (done && comparePositions(done.position, labels.position) >= 0) return;
    const pairs = await this.retrying('read dirty pairs', () => this.store.dirtyPairs(done?.position, labels.position), signal);
    await this.retrying('refresh bitmaps', () => this.store.refreshBitmaps(pairs, labels.position), signal);
    await this.retrying('write bitmap checkpoint', () => this.store.writeCheckpoint('bitmaps', labels), signal);
    this.bitmapsAt = labels;
  }

  /**
   * The batch's user events with their surrogates. Events of erased people,
   * and of users whose mapping was forgotten, are dropped here: nothing of
   * them is folded or written (the checkpoint still moves past them).
   */
  private async withSurrogates(events: SourceEvent[], signal: AbortSignal): Promise<UserEvent[]> {
    const erasures = this.options.erasures;
    if (erasures) await this.retrying('refresh erasures', () => erasures.refresh(), signal);
    const kept: { event: SourceEvent; userId: string }[] = [];
    for (const event of events) {
      const userId = userIdFromStream(event.streamId);
      if (userId === undefined) throw new Error(`${event.streamId} is not a user stream; the feed must filter to user streams`);
      if (!erasures?.isErased(userId)) kept.push({ event, userId });
    }
    const surrogates = await this.retrying('assign surrogates', () => this.registry.surrogatesFor([...new Set(kept.map((k) => k.userId))]), signal);
    const userEvents: UserEvent[] = [];
    for (const { event, userId } of kept) {
      const surrogate = surrogates.get(userId);
      if (surrogate !== undefined) userEvents.push({ ...event, userId, surrogate });
    }
    this.metrics.erased(events.length - userEvents.length);
    return userEvents;
  }

  private async statesOf(events: UserEvent[], signal: AbortSignal): Promise<Map<number, ProjectedUser>> {
    const users = new Map<number, ProjectedUser>();
    const missing = new Set<number>();
    for (const { surrogate } of events) {
      if (users.has(surrogate) || missing.has(surrogate)) continue;
      // Used in place: on a failed write these users are dropped from the cache and reloaded.
      const cached = this.users.get(surrogate);
      if (cached) users.set(surrogate, cached);
      else missing.add(surrogate);
    }
    const loaded = await this.retrying('load user states', () => this.store.loadUsers([...missing]), signal);
    for (const surrogate of missing) users.set(surrogate, loaded.get(surrogate) ?? newProjectedUser(surrogate));
    return users;
  }

  private retrying<T>(what: string, work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return withBackoff(work, {
      initialMs: this.options.retryInitialMs,
      maxMs: this.options.retryMaxMs,
      signal,
      retryable: (error) => error instanceof ServiceUnavailableError,
      onRetry: (attempt, error, waitMs) => {
        this.metrics.retried(what);
        this.options.log?.('warn', `${what} failed; retrying`, { attempt, waitMs, error: (error as Error).message });
      },
    });
  }
}
