import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, StoredEvent, StorePosition } from '@tagstream/eventstore';
import { AUDIT_STREAM_PREFIX, ERASURES_STREAM } from '../audit/audit-streams';
import { toAuditRows } from './audit-rows';
import { AuditCheckpoint, AuditStore } from './audit-store';

export interface AuditProjectorOptions {
  maxBatchEvents?: number;
  maxBatchWaitMs?: number;
  retryMs?: number;
  /** Surrogates never to project (erased people). */
  skipSubject?: (surrogate: number) => boolean;
  /** Runs before each batch is written (e.g. to refresh the erasure list `skipSubject` reads). */
  beforeBatch?: () => Promise<void>;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;
}

const TIMEOUT = Symbol('timeout');

/**
 * Follows the `audit-*` streams and the erasure stream of `$all` from its
 * checkpoint and writes the records to ClickHouse for the auditor's queries. Each batch: rows, then the
 * checkpoint at the batch's last event. Any failure resubscribes from the
 * stored checkpoint after a pause; replays are idempotent (rows are versioned
 * by position).
 */
export class AuditProjector {
  private checkpoint: AuditCheckpoint | undefined;
  private readonly options: Required<Omit<AuditProjectorOptions, 'log' | 'beforeBatch'>> & AuditProjectorOptions;

  constructor(
    private readonly events: EventStore,
    private readonly store: AuditStore,
    options: AuditProjectorOptions = {},
  ) {
    this.options = { maxBatchEvents: 2_000, maxBatchWaitMs: 20, retryMs: 500, skipSubject: () => false, ...options };
  }

  /** The position the projection has written up to, if any. */
  position(): StorePosition | undefined {
    return this.checkpoint?.position;
  }

  async run(signal: AbortSignal, { untilCaughtUp = false } = {}): Promise<void> {
    while (!signal.aborted) {
      try {
        this.checkpoint = await this.store.readCheckpoint();
        if (await this.follow(signal, untilCaughtUp)) return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.log?.('warn', 'audit projection failed; resubscribing from the checkpoint', { error: (error as Error).message });
        await delay(this.options.retryMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** True when it stopped because it caught up (with `untilCaughtUp`). */
  private async follow(signal: AbortSignal, untilCaughtUp: boolean): Promise<boolean> {
    // Stopped while the checkpoint was being read: the abort has fired already and would never end this subscription.
    if (signal.aborted) return true;
    let caughtUp = false;
    const subscription = this.events.subscribeToAll({
      ...(this.checkpoint ? { from: this.checkpoint.position } : {}),
      streamPrefixes: [AUDIT_STREAM_PREFIX, ERASURES_STREAM],
      onCaughtUp: () => (caughtUp = true),
    });
    const stop = () => void subscription.unsubscribe();
    signal.addEventListener('abort', stop, { once: true });
    const iterator = subscription[Symbol.asyncIterator]();
    let next: Promise<IteratorResult<StoredEvent>> | undefined;
    let batch: StoredEvent[] = [];
    try {
      for (;;) {
        next ??= iterator.next();
        const waitForMore = batch.length === 0 && !(untilCaughtUp && caughtUp);
        const result = waitForMore ? await next : await Promise.race([next, delay(this.options.maxBatchWaitMs, TIMEOUT)]);
        if (result === TIMEOUT) {
          await this.flush(batch);
          batch = [];
          if (untilCaughtUp && caughtUp) return true;
          continue;
        }
        next = undefined;
        if (result.done) {
          await this.flush(batch);
          return signal.aborted || untilCaughtUp;
        }
        batch.push(result.value);
        if (batch.length >= this.options.maxBatchEvents) {
          await this.flush(batch);
          batch = [];
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
  }

  private async flush(batch: StoredEvent[]): Promise<void> {
    if (batch.length === 0) return;
    const last = batch[batch.length - 1];
    await this.options.beforeBatch?.();
    const checkpoint: AuditCheckpoint = { position: last.position, events: (this.checkpoint?.events ?? 0) + batch.length };
    await this.store.write(toAuditRows(batch, this.options.skipSubject), checkpoint);
    this.checkpoint = checkpoint;
  }
}
