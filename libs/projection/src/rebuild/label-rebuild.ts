import { ClickHouse } from '@tagstream/clickhouse';
import { Checkpoint } from '../clickhouse/label-store';
import { LIVE_TABLES, suffixedTables } from '../clickhouse/label-tables';
import { formatPosition, Position } from '../core/position';
import { DeadLetterSink, ErasedSubjects, SurrogateRegistry, UserEventFeed } from '../runtime/ports';
import { Projector, ProjectorOptions } from '../runtime/projector';
import { withoutErased } from './erasure-filter';
import { createNextGeneration, dropGeneration, fillDerivedTables, swapGeneration } from './generation-tables';
import { ReplayLabelStore, ResumeFromStore } from './replay-label-store';
import { toTheEnd } from './to-the-end';

export type RebuildLog = (level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;

export interface RebuildOptions {
  /** Suffix of the generation being built; after the swap it holds the previous generation until dropped. */
  suffix?: string;
  /** Keep the previous generation (under `suffix`) after the swap instead of dropping it. */
  keepPrevious?: boolean;
  /** Options of the projector that replays the history (batch size, cache size, retries). */
  projector?: Omit<ProjectorOptions, 'onBatch' | 'log'>;
  log?: RebuildLog;
  /** After each replayed batch: events replayed so far and the `$all` position reached. */
  onProgress?: (progress: { events: number; position: Position }) => void;
  /** Runs after the new generation is complete and before the swap (the live tables are still the old ones). */
  beforeSwap?: () => Promise<void>;
}

export interface RebuildReport {
  readonly events: number;
  readonly erasedEventsSkipped: number;
  readonly position: Position | null;
  readonly bitmapPairs: number;
  /** Events applied by the catch-up after the swap (appended while the swap happened). */
  readonly caughtUpAfterSwap: number;
  readonly seconds: { replay: number; bitmaps: number; swap: number; total: number };
}

/**
 * Replays the whole history into a fresh generation of label tables and swaps
 * it in atomically. Until the swap, readers (and a running projector) use the
 * live tables untouched. Surrogates come from the registry, so they are the
 * ones the live tables use; erased users are left out.
 *
 * After the swap a short catch-up applies what was appended meanwhile,
 * starting from the position the rebuild reached: a projector running
 * concurrently writes the same rows for the same events, so the two never
 * disagree, and whatever it wrote to the old tables during the swap is
 * applied again here.
 */
export class LabelRebuild {
  private readonly suffix: string;

  constructor(
    private readonly ch: ClickHouse,
    private readonly feed: UserEventFeed,
    private readonly registry: SurrogateRegistry,
    private readonly deadLetters: DeadLetterSink,
    private readonly erased: ErasedSubjects,
    private readonly options: RebuildOptions = {},
  ) {
    this.suffix = options.suffix ?? '_next';
  }

  async run(signal: AbortSignal): Promise<RebuildReport> {
    const log = this.options.log ?? (() => undefined);
    const started = performance.now();
    const filter = withoutErased(toTheEnd(this.feed), this.erased);
    log('info', 'rebuild: creating the next generation of label tables', { suffix: this.suffix });
    await createNextGeneration(this.ch, this.suffix);

    const store = new ReplayLabelStore(this.ch, suffixedTables(this.suffix));
    let replayed = 0;
    const replay = new Projector(store, filter.feed, this.registry, this.deadLetters, {
      userCacheSize: 500_000,
      ...this.options.projector,
      log,
      onBatch: ({ events, position }) => {
        replayed += events;
        this.options.onProgress?.({ events: replayed, position });
      },
    });
    await replay.run(signal, { untilCaughtUp: true });
    this.throwIfAborted(signal);
    const reached = await store.readCheckpoint('labels');
    const replayedAt = performance.now();
    log('info', 'rebuild: history replayed', { events: replayed, position: formatPosition(reached?.position ?? null) });

    const bitmapPairs = reached ? await store.writeAllBitmaps(reached) : 0;
    await fillDerivedTables(this.ch, this.suffix);
    const bitmapsAt = performance.now();
    log('info', 'rebuild: bitmaps and derived tables written', { bitmapPairs });

    await this.options.beforeSwap?.();
    this.throwIfAborted(signal);
    await swapGeneration(this.ch, this.suffix);
    log('info', 'rebuild: new generation swapped in');
    const caughtUpAfterSwap = reached ? await this.catchUpAfterSwap(reached, filter.feed, signal) : 0;
    const swappedAt = performance.now();
    if (!this.options.keepPrevious) await dropGeneration(this.ch, this.suffix);

    const report: RebuildReport = {
      events: replayed,
      erasedEventsSkipped: filter.skipped(),
      position: reached?.position ?? null,
      bitmapPairs,
      caughtUpAfterSwap,
      seconds: {
        replay: seconds(started, replayedAt),
        bitmaps: seconds(replayedAt, bitmapsAt),
        swap: seconds(bitmapsAt, swappedAt),
        total: seconds(started, performance.now()),
      },
    };
    log('info', 'rebuild: done', { ...report, position: formatPosition(report.position) });
    return report;
  }

  private async catchUpAfterSwap(from: Checkpoint, feed: UserEventFeed, signal: AbortSignal): Promise<number> {
    let applied = 0;
    const catchUp = new Projector(new ResumeFromStore(this.ch, LIVE_TABLES, from), feed, this.registry, this.deadLetters, {
      ...this.options.projector,
      log: this.options.log,
      onBatch: ({ events }) => (applied += events),
    });
    await catchUp.run(signal, { untilCaughtUp: true });
    return applied;
  }

  private throwIfAborted(signal: AbortSignal): void {
    if (signal.aborted) throw new Error('rebuild aborted before the swap; the live labels are unchanged');
  }
}

function seconds(from: number, to: number): number {
  return Math.round(to - from) / 1000;
}
