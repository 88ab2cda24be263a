import { setTimeout as delay } from 'node:timers/promises';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { ERASURE_VISIBILITY_MS, ErasureRegistry } from '@tagstream/compliance';
import { AppConfig } from '@tagstream/config';
import { MetricsService } from '@tagstream/observability';
import { addDays, utcDayOf } from '../expression';
import type { LabelFreshness } from '../labels/label-freshness';
import type { UserLabels } from '../labels/label-queries';
import { USER_SURROGATES, UserSurrogateLookup } from '../labels/user-surrogates';
import { SEGMENTS_CLOCK, SegmentsClock } from '../segments.tokens';
import { LabelChangeFeed, LabelHead } from './label-change-feed';
import { UserLabelsBatcher } from './user-labels-batcher';
import { decodeUserLabels, encodeUserLabels, TagIds, UserLabelSource } from './user-record';
import { CacheStats, UserTagsCache } from './user-tags-cache';

/** How often the index reads the change feed and the erasures. */
export const TICK_MS = 200;
/** `asOf` days up to this many days before today are answered from the index; earlier ones take the ClickHouse path. */
export const PAST_DAYS = 30;
/** More changed users than this in one tick: cheaper to start afresh than to reload them. */
const MAX_RELOAD = 50_000;
/** Ticks of changes remembered for loads in flight; a load that spans more is answered but not kept. */
const RECENT_TICKS = 64;
/** How long a lookup waits for a late tick (ClickHouse busy) before taking the ClickHouse path itself. */
const LATE_TICK_WAIT_MS = 1_000;
/** Silence after which the change feed may have forgotten what changed (its rows are kept a day). */
const RESTART_AFTER_MS = 3_600_000;

export interface ServedUser {
  readonly surrogate: number;
  readonly labels: UserLabels;
}

export interface Served {
  /** Users with labels, by platform id; unknown and erased users are absent. */
  readonly users: Map<string, ServedUser>;
  readonly freshness: LabelFreshness;
}

export interface ServingStats extends CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly ticks: number;
  readonly reloads: number;
}

/**
 * The recommender's serving index: one user's labels without a ClickHouse
 * query or an event-store read on the request's path (libs/segments/README.md,
 * "Serving one user's tags").
 *
 * It holds a bounded hot set (`UserTagsCache`) of users' consent, state tags
 * and daily activity counts from `PAST_DAYS + 89` days ago on, loaded from the
 * same label rows the ClickHouse path reads. Every `TICK_MS` it reads the
 * projector's labels checkpoint, the users whose labels changed since the last
 * one (`label_user_changes`), and reloads those it holds in one query; it also
 * reads new erasures. A miss loads the user (mapping, then labels), shared
 * with the other misses of the moment, and keeps them.
 *
 * Every answer is what the labels said at or after the position it reports.
 * The index answers only while its last complete tick began less than
 * `ERASURE_VISIBILITY_MS` ago (and only for `asOf` days it holds); otherwise
 * the caller takes the ClickHouse path. With erasure acknowledging only that
 * long after it is recorded, no answer from here shows an erased person once
 * the erasure has been acknowledged.
 */
@Injectable()
export class ServingIndex implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ServingIndex');
  private readonly cache: UserTagsCache;
  private readonly tags = new TagIds();
  private readonly feed: LabelChangeFeed;
  private readonly loads: UserLabelsBatcher<UserLabelSource>;
  private readonly now = () => performance.now();
  private head: LabelHead | undefined;
  /** `now()` at the start of the last complete tick: every answer's view of the erasures began after it. */
  private validFrom = -Infinity;
  private changeSeq = 0;
  private readonly recentChanges: { seq: number; users: Set<number> | 'all' }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private counts = { hits: 0, misses: 0, ticks: 0, reloads: 0 };
  private onCounts: (hits: number, misses: number) => void = () => undefined;
  /** Settles when the tick in flight (or the next one) ends. */
  private tickEnded = deferred();
  private lateTickWait: Promise<void> | undefined;

  constructor(
    ch: ClickHouse,
    config: AppConfig,
    private readonly erasures: ErasureRegistry,
    @Inject(USER_SURROGATES) private readonly surrogates: UserSurrogateLookup,
    @Inject(SEGMENTS_CLOCK) private readonly clock: SegmentsClock,
    metrics: MetricsService,
  ) {
    this.cache = new UserTagsCache(config.USER_TAGS_CACHE_USERS);
    this.feed = new LabelChangeFeed(ch);
    this.loads = new UserLabelsBatcher<UserLabelSource>((users, from) => this.feed.labelsOf(users, utcDayOf(from)));
    this.registerMetrics(metrics);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /**
   * The labels of those of `userIds` that have them, for the windows ending
   * with the day of `asOf`; undefined when the index cannot answer now (not
   * started, its view of erasures too old, or `asOf` earlier than it holds).
   */
  async lookup(userIds: readonly string[], asOf: Date): Promise<Served | undefined> {
    const day = utcDayOf(asOf);
    if (day < addDays(this.today(), -PAST_DAYS) || this.head === undefined) return undefined;
    // A late tick (ClickHouse busy with misses) is waited for: the ClickHouse path would only add to the load.
    if (!this.isCurrent()) await this.lateTick();
    if (!this.isCurrent()) return undefined;
    const freshness = this.freshness(this.head!);
    const users = new Map<string, ServedUser>();
    const missing: string[] = [];
    for (const userId of userIds) {
      const entry = this.cache.findUser(userId);
      if (entry < 0) {
        missing.push(userId);
        continue;
      }
      const { words, offset } = this.cache.recordOf(entry);
      this.serve(users, userId, this.cache.surrogateOf(entry), words, offset, day);
    }
    this.counts.hits += userIds.length - missing.length;
    this.counts.misses += missing.length;
    this.onCounts(userIds.length - missing.length, missing.length);
    if (missing.length > 0) await this.loadMissing(missing, day, users);
    return { users, freshness };
  }

  /** The end of the next tick, or `LATE_TICK_WAIT_MS`, whichever comes first; one timer for all who wait. */
  private lateTick(): Promise<void> {
    this.lateTickWait ??= Promise.race([this.tickEnded.promise, delay(LATE_TICK_WAIT_MS, undefined, { ref: false })]).finally(() => (this.lateTickWait = undefined));
    return this.lateTickWait;
  }

  /** True while an answer from the index would still leave out every acknowledged erasure. */
  isCurrent(): boolean {
    return this.head !== undefined && this.now() - this.validFrom < ERASURE_VISIBILITY_MS;
  }

  /** The labels position the index has caught up with (`commit/prepare`), or null. */
  position(): string | null {
    return this.head ? this.freshness(this.head).position : null;
  }

  stats(): ServingStats {
    return { ...this.cache.stats(), ...this.counts };
  }

  private registerMetrics(metrics: MetricsService): void {
    const index = this;
    metrics.gauge({
      name: 'tagstream_user_tags_index_users',
      help: "Users whose labels the recommender's serving index holds",
      collect() {
        this.set(index.cache.size);
      },
    });
    metrics.gauge({
      name: 'tagstream_user_tags_index_bytes',
      help: "Bytes the recommender's serving index holds",
      collect() {
        this.set(index.cache.stats().bytes);
      },
    });
    metrics.gauge({
      name: 'tagstream_user_tags_index_current',
      help: '1 while the serving index answers (its view of erasures is under ERASURE_VISIBILITY_MS old), 0 while lookups read ClickHouse',
      collect() {
        this.set(index.isCurrent() ? 1 : 0);
      },
    });
    const lookups = metrics.counter({ name: 'tagstream_user_tags_index_lookups_total', help: 'Users looked up in the serving index, by result', labelNames: ['result'] });
    this.onCounts = (hits, misses) => {
      if (hits > 0) lookups.inc({ result: 'hit' }, hits);
      if (misses > 0) lookups.inc({ result: 'miss' }, misses);
    };
  }

  private serve(into: Map<string, ServedUser>, userId: string, surrogate: number, words: Uint32Array, offset: number, day: string): void {
    if (this.erasures.isSurrogateErased(surrogate)) {
      this.cache.evict(surrogate);
      return;
    }
    into.set(userId, { surrogate, labels: decodeUserLabels(words, offset, this.tags, day) });
  }

  /** Mapping, then labels, shared with the other misses of the moment; kept unless a change overtook the read. */
  private async loadMissing(userIds: string[], day: string, into: Map<string, ServedUser>): Promise<void> {
    const seq = this.changeSeq;
    const surrogates = await this.surrogates.surrogatesOf(userIds);
    if (surrogates.size === 0) return;
    const labels = await this.loads.load([...surrogates.values()], new Date(`${this.firstDayHeld()}T00:00:00Z`));
    for (const [userId, surrogate] of surrogates) {
      const source = labels.get(surrogate);
      if (!source || this.erasures.isSurrogateErased(surrogate)) continue;
      const record = encodeUserLabels(source, this.tags);
      if (!this.changedSince(seq, surrogate)) this.cache.set(userId, surrogate, record);
      this.serve(into, userId, surrogate, record, 0, day);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .then(() => {
          this.failures = 0;
        })
        .catch((error: Error) => {
          // Said once, then every 50th time (10 s): the index answers nothing meanwhile, the ClickHouse path does.
          if (this.failures++ % 50 === 0) this.logger.warn(`serving index not refreshed: ${error.message} ${JSON.stringify({ failures: this.failures })}`);
        })
        .finally(() => {
          const ended = this.tickEnded;
          this.tickEnded = deferred();
          ended.resolve();
          this.schedule(TICK_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const started = this.now();
    const erasuresRead = this.erasures.refreshFromNow(this.now);
    const head = await this.feed.head();
    const previous = this.head;
    if (!previous || previous.generation !== head.generation || started - this.validFrom > RESTART_AFTER_MS || (head.commit === null && previous.commit !== null)) {
      this.startAfresh(head);
    } else if (head.commit !== null && (previous.commit === null || head.commit > previous.commit)) {
      const changed = await this.feed.changedUsers(previous.commit ?? -1n, head.commit);
      if (changed.length > MAX_RELOAD) this.startAfresh(head);
      else await this.reload(changed, head);
    }
    await erasuresRead;
    this.validFrom = started;
    this.counts.ticks++;
  }

  /** Notes who changed (for loads in flight), reloads those held, then moves to the new head. */
  private async reload(changed: number[], head: LabelHead): Promise<void> {
    this.noteChanges(new Set(changed));
    const held = changed.filter((surrogate) => this.cache.has(surrogate));
    const fresh = await this.feed.labelsOf(held, this.firstDayHeld());
    for (const surrogate of held) {
      const source = fresh.get(surrogate);
      if (source && !this.erasures.isSurrogateErased(surrogate)) this.cache.replace(surrogate, encodeUserLabels(source, this.tags));
      else this.cache.evict(surrogate);
    }
    this.counts.reloads += held.length;
    this.head = head;
  }

  private startAfresh(head: LabelHead): void {
    this.cache.clear();
    this.noteChanges('all');
    this.head = head;
  }

  private noteChanges(users: Set<number> | 'all'): void {
    this.changeSeq++;
    this.recentChanges.push({ seq: this.changeSeq, users });
    if (this.recentChanges.length > RECENT_TICKS) this.recentChanges.shift();
  }

  /** Whether a tick since `seq` named this user (or started afresh): a read begun before it may be older than the index. */
  private changedSince(seq: number, surrogate: number): boolean {
    if (seq === this.changeSeq) return false;
    if (this.changeSeq - seq > RECENT_TICKS) return true;
    return this.recentChanges.some((change) => change.seq > seq && (change.users === 'all' || change.users.has(surrogate)));
  }

  private today(): string {
    return utcDayOf(this.clock());
  }

  /** Records hold every day from here on: enough for any `asOf` the index answers. */
  private firstDayHeld(): string {
    return addDays(this.today(), -PAST_DAYS - 89);
  }

  /** The answer sees every label written up to `position`; nothing written is hidden from it. */
  private freshness(head: LabelHead): LabelFreshness {
    return {
      position: head.commit === null ? null : `${head.commit}/${head.prepare}`,
      reachedAt: head.reachedAt?.toISOString() ?? null,
      lagEvents: 0,
      lagSeconds: 0,
    };
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
