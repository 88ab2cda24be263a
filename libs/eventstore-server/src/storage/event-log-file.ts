import * as fs from 'node:fs';
import { checkRecord, decodeHeader, RECORD_HEADER_SIZE, RecordHeader } from './record-codec';
import { applyEntries, journalPath, readJournal, removeJournal, ScavengeEntry, writeJournal } from './scavenged-record';

const SCAN_CHUNK = 8 * 1024 * 1024;
const RECORD_READ_GUESS = 4096;

export interface LogRecoveryReport {
  records: number;
  bytes: number;
  /** Bytes cut from the end because the last record was torn or failed its checksum. */
  truncatedBytes: number;
  truncateReason?: string;
}

/**
 * The append-only log file. Offsets are byte positions and never change, so an
 * event's `$all` position is the offset of its record.
 *
 * Group commit: `append` only queues a record in memory; one flush at a time
 * writes everything queued and fdatasyncs it, then releases every append that
 * it covered. Appends arriving during a flush ride on the next one, so the cost
 * of an fsync is shared by all concurrent writers.
 */
export class EventLogFile {
  private pending: Buffer[] = [];
  /** Records written by `append` but not yet durable, by offset (read-your-writes for idempotency checks). */
  private readonly unflushed = new Map<number, Buffer>();
  private waiters: Array<{ end: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;
  /** Group-commit counters: fsyncs done, and records they covered. */
  private flushCount = 0;
  private flushedRecords = 0;

  private constructor(
    private readonly path: string,
    private readonly fd: number,
    private tail: number,
    private durable: number,
  ) {}

  /** Opens (or creates) the log, calls `onRecord` for every valid record in order, and cuts a torn tail. */
  static open(
    path: string,
    onRecord: (header: RecordHeader, buf: Buffer, at: number) => void,
  ): { log: EventLogFile; report: LogRecoveryReport } {
    const fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const size = fs.fstatSync(fd).size;
    finishInterruptedScavenge(path, fd, size);
    const scan = scanRecords(fd, size, onRecord);
    if (scan.validEnd < size) {
      fs.ftruncateSync(fd, scan.validEnd);
      fs.fdatasyncSync(fd);
    }
    const report: LogRecoveryReport = {
      records: scan.records,
      bytes: scan.validEnd,
      truncatedBytes: size - scan.validEnd,
      ...(scan.reason ? { truncateReason: scan.reason } : {}),
    };
    return { log: new EventLogFile(path, fd, scan.validEnd, scan.validEnd), report };
  }

  /** Offset the next record will get. */
  get end(): number {
    return this.tail;
  }

  /** Everything before this offset is on disk and visible to readers. */
  get durableEnd(): number {
    return this.durable;
  }

  /** Queues a record encoded for offset `this.end`; call `waitDurable` to know when it is on disk. */
  append(record: Buffer): void {
    this.assertWritable();
    this.unflushed.set(this.tail, record);
    this.pending.push(record);
    this.tail += record.length;
    this.scheduleFlush();
  }

  /** Resolves once every byte before `end` has been fsynced. */
  waitDurable(end: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (end <= this.durable) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ end, resolve, reject }));
  }

  /** The complete record at `offset` (durable or still queued). */
  readRecord(offset: number): Buffer {
    const queued = this.unflushed.get(offset);
    if (queued) return queued;
    let buf = Buffer.allocUnsafe(RECORD_READ_GUESS);
    let got = fs.readSync(this.fd, buf, 0, buf.length, offset);
    const length = buf.readUInt32LE(0);
    if (length > got) {
      buf = Buffer.allocUnsafe(length);
      got = fs.readSync(this.fd, buf, 0, length, offset);
      if (got < length) throw new Error(`short read of record at ${offset}`);
    }
    return buf.subarray(0, length);
  }

  /** Up to `maxBytes` of durable log starting at `offset` (may end mid-record). */
  readDurable(offset: number, maxBytes: number): Buffer {
    const length = Math.min(maxBytes, this.durable - offset);
    if (length <= 0) return Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(length);
    const got = fs.readSync(this.fd, buf, 0, length, offset);
    return buf.subarray(0, got);
  }

  /**
   * Replaces durable records in place with their scavenged form (same length),
   * through the redo journal, and fsyncs. Synchronous on purpose: readers use
   * synchronous reads, so none can see a record half overwritten.
   */
  overwriteScavenged(entries: ScavengeEntry[]): void {
    this.assertWritable();
    if (entries.length === 0) return;
    for (const e of entries) {
      if (e.offset + e.length > this.durable) throw new Error(`record at ${e.offset} is not durable yet`);
    }
    writeJournal(this.path, entries);
    applyEntries(this.fd, entries);
    removeJournal(this.path);
  }

  /** How well group commit amortises fsync: records written per fdatasync. */
  get flushStats(): { fsyncs: number; records: number } {
    return { fsyncs: this.flushCount, records: this.flushedRecords };
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    fs.closeSync(this.fd);
  }

  private assertWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the event log is closed');
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    // setImmediate lets every request already parsed in this turn of the event loop join the batch.
    this.flushing = new Promise<void>((resolve) => setImmediate(() => this.flushLoop().finally(resolve)));
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const chunk = Buffer.concat(this.pending);
        this.flushedRecords += this.pending.length;
        this.flushCount++;
        this.pending = [];
        const end = this.tail;
        await writeFully(this.fd, chunk, end - chunk.length);
        await fdatasync(this.fd);
        this.markDurable(end);
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.flushing = undefined;
    }
  }

  private markDurable(end: number): void {
    for (let at = this.durable; at < end; ) {
      const record = this.unflushed.get(at);
      if (!record) break;
      this.unflushed.delete(at);
      at += record.length;
    }
    this.durable = end;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.end <= end) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private fail(error: Error): void {
    // After a failed write or fsync nothing can be promised about the tail: refuse all further writes.
    this.failure = error;
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }
}

/** Applies a scavenge journal left by a process that died while applying it. */
function finishInterruptedScavenge(path: string, fd: number, size: number): void {
  if (!fs.existsSync(journalPath(path))) return;
  const entries = readJournal(path);
  if (entries) applyEntries(fd, entries.filter((e) => e.offset + e.length <= size));
  removeJournal(path);
}

function scanRecords(
  fd: number,
  size: number,
  onRecord: (header: RecordHeader, buf: Buffer, at: number) => void,
): { validEnd: number; records: number; reason?: string } {
  let offset = 0;
  let records = 0;
  let buf = Buffer.allocUnsafe(SCAN_CHUNK);
  while (offset < size) {
    const want = Math.min(buf.length, size - offset);
    const got = fs.readSync(fd, buf, 0, want, offset);
    let at = 0;
    while (at < got) {
      const check = checkRecord(buf, at, got - at);
      if (!check.ok) {
        const remainingInFile = size - (offset + at);
        const headerLength = got - at >= 4 ? buf.readUInt32LE(at) : 0;
        const straddles = got - at < remainingInFile && (got - at < RECORD_HEADER_SIZE || headerLength > got - at);
        if (straddles) break; // the record continues past this chunk: read again from its start
        return { validEnd: offset + at, records, reason: check.reason };
      }
      onRecord(decodeHeader(buf, at, offset + at), buf, at);
      records++;
      at += check.length;
    }
    if (at === 0) {
      const length = buf.readUInt32LE(0);
      if (length > buf.length && length <= size - offset) {
        buf = Buffer.allocUnsafe(length);
        continue;
      }
      return { validEnd: offset, records, reason: 'unreadable record' };
    }
    offset += at;
  }
  return { validEnd: offset, records };
}

function writeFully(fd: number, chunk: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (written: number): void => {
      if (written >= chunk.length) return resolve();
      fs.write(fd, chunk, written, chunk.length - written, position + written, (err, n) => {
        if (err) return reject(err);
        step(written + n);
      });
    };
    step(0);
  });
}

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}
