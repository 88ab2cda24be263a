import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ErasureRegistry, PendingErasure } from './erasure-registry';
import { ErasureService, ResumeOutcome } from './erasure.service';

export interface ResumeLoopOptions {
  /** Erasures recorded and not completed, read afresh. */
  readonly pending: () => Promise<readonly PendingErasure[]>;
  readonly resume: (erasure: PendingErasure) => Promise<ResumeOutcome>;
  readonly log: (level: 'log' | 'warn' | 'error', fields: Record<string, unknown>) => void;
  /** First wait after a failed pass; doubles up to `retryMaxMs`. */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
}

/**
 * One pass finishes every pending erasure it can; if anything failed (a store
 * down, say), another pass is scheduled with back-off until none fails, so a
 * recorded erasure is never dropped. An erasure that needs the request again
 * (recorded before tickets existed) is logged once per pass, not retried.
 */
export class ResumeLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: ResumeLoopOptions) {}

  /** Runs the first pass; resolves when it is over, whatever its outcome (later passes run in the background). */
  start(): Promise<void> {
    return this.pass();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private pass(): Promise<void> {
    this.running = this.resumeAll().then((failed) => {
      if (failed) this.scheduleRetry();
      else this.failures = 0;
    });
    return this.running;
  }

  /** True when something failed and a retry is due. */
  private async resumeAll(): Promise<boolean> {
    const { log } = this.options;
    let pending: readonly PendingErasure[];
    try {
      pending = await this.options.pending();
    } catch (error) {
      log('error', { msg: 'erasure resume: cannot read the recorded erasures; will retry', error: messageOf(error) });
      return true;
    }
    let failed = false;
    for (const erasure of pending) {
      if (this.stopped) return false;
      try {
        const outcome = await this.options.resume(erasure);
        if (outcome === 'completed') log('log', { msg: 'erasure completed on resume', userIdHash: erasure.userIdHash });
        else log('warn', { msg: 'erasure resume: no ticket holds the user id; repeat DELETE /v1/users/{id} to finish it', userIdHash: erasure.userIdHash });
      } catch (error) {
        failed = true;
        log('error', { msg: 'erasure resume failed; will retry', userIdHash: erasure.userIdHash, attempt: this.failures + 1, error: messageOf(error) });
      }
    }
    return failed;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const initial = this.options.retryInitialMs ?? 1_000;
    const waitMs = Math.min(this.options.retryMaxMs ?? 60_000, initial * 2 ** this.failures++);
    this.options.log('warn', { msg: 'erasure resume: retry scheduled', retryInMs: waitMs, attempt: this.failures + 1 });
    this.timer = setTimeout(() => void this.pass(), waitMs);
    this.timer.unref();
  }
}

/**
 * docs/contract.md §6: once recorded, an erasure always completes. At start-up, before
 * the service answers (Nest awaits this hook before listening), every erasure
 * recorded without its completion (a crash mid-way) is finished; a failure is
 * retried in the background with back-off, and meanwhile read paths hide the
 * person through `ErasureRegistry.pendingSurrogates()`.
 */
@Injectable()
export class ErasureResumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Erasure');
  private readonly loop: ResumeLoop;

  constructor(registry: ErasureRegistry, erasure: ErasureService) {
    this.loop = new ResumeLoop({
      pending: async () => (await registry.refresh(), registry.pending()),
      resume: (pending) => erasure.resume(pending),
      log: (level, fields) => this.logger[level](fields),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
