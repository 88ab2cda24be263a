export interface SharedReadingOptions {
  /** A read younger than this is reused as it is, without reading again. */
  readonly reuseMs: number;
  /**
   * A settled read younger than this is still answered while a new read runs
   * in the background; older ones make the caller wait for the new read.
   */
  readonly staleMs: number;
  readonly now?: () => number;
}

/**
 * One read shared by all callers for a while, refreshed behind their backs:
 * within `reuseMs` callers get the same read; after it, the first caller
 * starts a new read and, while it runs, callers get the last settled value
 * (up to `staleMs` old) instead of waiting for it. For values where older is
 * acceptable and fresher than true is not (the freshness of answers).
 */
export class SharedReading<T> {
  private latest: { at: number; value: Promise<T> } | undefined;
  private settled: { at: number; value: T } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: SharedReadingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  current(): Promise<T> {
    const now = this.now();
    const reusable = this.latest && now - this.latest.at < this.options.reuseMs;
    const value = reusable ? this.latest!.value : this.start(now);
    const inFlight = this.settled?.at !== this.latest?.at;
    if (inFlight && this.settled && now - this.settled.at < this.options.staleMs) return Promise.resolve(this.settled.value);
    return value;
  }

  private start(at: number): Promise<T> {
    const value = this.read();
    const latest = { at, value };
    this.latest = latest;
    value.then(
      (read) => {
        if (!this.settled || this.settled.at <= at) this.settled = { at, value: read };
      },
      () => {
        if (this.latest === latest) this.latest = undefined;
      },
    );
    return value;
  }
}
