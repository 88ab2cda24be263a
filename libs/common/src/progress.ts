/**
 * Progress for long-running commands (seed, rebuild, benchmarks). On a TTY it
 * redraws one line; elsewhere (CI, pipes) it prints a plain line at most every
 * `intervalMs`, so logs stay readable. Always writes to stderr: stdout is kept
 * for machine-readable results.
 */
export interface Progress {
  tick(n?: number): void;
  set(done: number): void;
  done(message?: string): void;
}

export interface ProgressOptions {
  total?: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
  now?: () => number;
}

export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? 'items';
  const interactive = Boolean(stream.isTTY);
  const interval = options.intervalMs ?? (interactive ? 100 : 2000);
  const started = now();
  let count = 0;
  let lastDraw = 0;

  const line = (): string => {
    const seconds = Math.max((now() - started) / 1000, 1e-3);
    const rate = Math.round(count / seconds);
    const total = options.total;
    if (!total) return `${label}: ${count} ${unit} (${rate}/s)`;
    const share = Math.min(count / total, 1);
    const width = 24;
    const filled = Math.round(share * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const eta = rate > 0 ? Math.max(0, Math.round((total - count) / rate)) : 0;
    return `${label} [${bar}] ${(share * 100).toFixed(1)}% ${count}/${total} ${unit} ${rate}/s eta ${eta}s`;
  };

  const draw = (force: boolean): void => {
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    stream.write(interactive ? `\r${line()}\x1b[K` : `${line()}\n`);
  };

  return {
    tick(n = 1) {
      count += n;
      draw(false);
    },
    set(done: number) {
      count = done;
      draw(false);
    },
    done(message?: string) {
      draw(true);
      if (interactive) stream.write('\n');
      if (message) stream.write(`${label}: ${message}\n`);
    },
  };
}
