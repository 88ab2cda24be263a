import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  signal?: AbortSignal;
  onRetry?: (attempt: number, error: unknown, waitMs: number) => void;
  /** Errors for which retrying cannot help are thrown at once. */
  retryable?: (error: unknown) => boolean;
}

/** Runs `work` until it succeeds, waiting exponentially longer (with jitter) between attempts. */
export async function withBackoff<T>(work: () => Promise<T>, options: BackoffOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (options.signal?.aborted || (options.retryable && !options.retryable(error))) throw error;
      const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** (attempt - 1));
      const waitMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      options.onRetry?.(attempt, error, waitMs);
      await delay(waitMs, undefined, { signal: options.signal });
    }
  }
}
