import { setTimeout as delay } from 'node:timers/promises';

/**
 * How long a copy of labels kept outside ClickHouse (the recommender's
 * serving index) may go on answering from a view of the erasures that is
 * older than now. Such a copy stops answering from itself once its last read
 * of `compliance-erasures` began longer ago than this; `ErasureService`
 * acknowledges an erasure only this long after recording it. So an answer
 * given after the acknowledgement comes from a view that began after the
 * record, and leaves the person out — in every process, with no message
 * between them and nothing but durations compared (no clocks to agree).
 */
export const ERASURE_VISIBILITY_MS = 1_000;

/** Waits until `ERASURE_VISIBILITY_MS` have passed since `recordedAt` (a `performance.now()` reading). */
export async function untilErasureVisible(recordedAt: number): Promise<void> {
  const left = recordedAt + ERASURE_VISIBILITY_MS - performance.now();
  if (left > 0) await delay(left);
}
