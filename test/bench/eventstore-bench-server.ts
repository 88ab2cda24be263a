import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedEventStoreServer } from '@tagstream/eventstore-server';

const ROOT = resolve(__dirname, '../..');

export interface FlushStats {
  fsyncs: number;
  records: number;
}

export interface BenchServer {
  connectionString: string;
  /** Resident set size of the server process, in bytes. */
  rss(): number;
  /** CPU seconds (user + system) the server process has used so far; NaN when it shares this process. */
  cpuSeconds(): number;
  /** Milliseconds the server took to open its log (index rebuild). */
  openMs: number;
  /** Stops the server; resolves with its group-commit counters (fdatasyncs and the records they covered). */
  stop(): Promise<FlushStats>;
}

/** The embedded server either in this process or as the standalone app in a child process (the default). */
export async function startBenchServer(dataDir: string, inProcess: boolean, nodeArgs: string[] = []): Promise<BenchServer> {
  if (inProcess) {
    let openMs = 0;
    let flushes: FlushStats = { fsyncs: 0, records: 0 };
    const server = await EmbeddedEventStoreServer.start({
      dataDir,
      logger: {
        info: (fields, message) => {
          if (message === 'event log opened') openMs = Number(fields.ms);
          if (message === 'event store stopped') flushes = flushStatsOf(fields);
        },
        warn: () => undefined,
        error: () => undefined,
      },
    });
    return {
      connectionString: server.connectionString,
      rss: () => process.memoryUsage().rss,
      cpuSeconds: () => Number.NaN,
      openMs,
      stop: async () => {
        await server.stop();
        return flushes;
      },
    };
  }
  const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register', 'apps/eventstore/src/main.ts', '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    let openMs = 0;
    const flushes: FlushStats = { fsyncs: 0, records: 0 };
    child.once('exit', (code) => reject(new Error(`event store exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.msg === 'event log opened') openMs = Number(parsed.ms);
      if (parsed.msg === 'event store stopped') Object.assign(flushes, flushStatsOf(parsed));
      if (typeof parsed.connectionString === 'string') {
        child.removeAllListeners('exit');
        resolvePromise({
          connectionString: parsed.connectionString,
          rss: () => rssOf(child),
          cpuSeconds: () => cpuSecondsOf(child),
          openMs,
          stop: () => stopChild(child).then(() => flushes),
        });
      }
    });
  });
}

function flushStatsOf(fields: Record<string, unknown>): FlushStats {
  return { fsyncs: Number(fields.fsyncs ?? 0), records: Number(fields.records ?? 0) };
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 1/100 s (the Linux default USER_HZ). */
function cpuSecondsOf(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}
