/**
 * Bounds how many events are being appended at once. A request that would
 * go over the bound is refused straight away (the caller answers 503 with
 * Retry-After) instead of queueing: a queue in front of a slow store only
 * turns back-pressure into memory growth.
 */
export class InFlightLimiter {
  private held = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
  }

  get inFlight(): number {
    return this.held;
  }

  /**
   * Reserves `amount` (clamped to the capacity, so one batch larger than the
   * bound can still pass through an idle service). Returns the release
   * function, or undefined when saturated.
   */
  tryAcquire(amount: number): (() => void) | undefined {
    const reserved = Math.min(amount, this.capacity);
    if (this.held + reserved > this.capacity) return undefined;
    this.held += reserved;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= reserved;
    };
  }
}
