import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventIdCache } from '../storage/event-id-cache';
import { EventLogFile, LogRecoveryReport } from '../storage/event-log-file';
import { OrdinalIndex } from '../storage/ordinal-index';
import {
  createdTicks,
  decodeHeader,
  encodeRecord,
  ProposedEvent,
  RecordHeader,
  recordedEventBytes,
  recordedEventData,
} from '../storage/record-codec';
import { ScavengeEntry } from '../storage/scavenged-record';
import { hashName, StreamTable } from '../storage/stream-table';
import { CurrentState, ExpectedState, MAX_APPEND_SIZE, WriteOutcome } from './append-types';

export interface EngineOptions {
  /** How many recent event ids are remembered for idempotent appends with expected revision `any`. */
  eventIdCacheSize?: number;
  maxAppendSize?: number;
  now?: () => number;
}

export interface ScavengeReport {
  /** Records whose body was removed by this scavenge. */
  records: number;
  /** Bytes of those records (now zeros, at the same positions). */
  bytes: number;
}

export type StreamReadResult =
  | { kind: 'ok'; ordinals: number[] }
  | { kind: 'not_found' }
  | { kind: 'deleted' };

const METADATA_EVENT_TYPE = '$metadata';
const TOMBSTONE_EVENT_TYPE = '$streamDeleted';
const EMPTY = new Uint8Array(0);

/**
 * The storage engine: one append-only log plus in-memory indexes rebuilt from
 * it on open. Writes are decided synchronously against the latest (possibly not
 * yet durable) state, so concurrent writers see each other in order; they are
 * acknowledged, and become visible to readers, only once fsynced.
 */
export class EventStoreEngine {
  private readonly index = new OrdinalIndex();
  private readonly streams = new StreamTable();
  private readonly recentIds: EventIdCache;
  private readonly listeners = new Set<() => void>();
  /**
   * Streams that have something for a scavenge to remove (tombstoned, or with
   * `$tb` / `$maxCount`), by name → revisions below this are already removed.
   * Names are needed to check each record before removing it; they are held in
   * memory only, and a tombstoned stream leaves this map once scavenged.
   */
  private readonly scavengeCandidates = new Map<string, number>();
  private readonly tombstoneOrdinals = new Map<string, number>();
  private visible = 0;
  private readonly maxAppendSize: number;
  private readonly now: () => number;

  private log!: EventLogFile;
  private recoveryReport!: LogRecoveryReport;

  private constructor(options: EngineOptions) {
    this.recentIds = new EventIdCache(options.eventIdCacheSize ?? 100_000);
    this.maxAppendSize = options.maxAppendSize ?? MAX_APPEND_SIZE;
    this.now = options.now ?? Date.now;
  }

  /** Opens the log under `dataDir`, rebuilding the indexes from it (and cutting a torn tail). */
  static open(dataDir: string, options: EngineOptions = {}): EventStoreEngine {
    fs.mkdirSync(dataDir, { recursive: true });
    const engine = new EventStoreEngine(options);
    const { log, report } = EventLogFile.open(path.join(dataDir, 'events.log'), (header, buf, at) => {
      const metadataData =
        header.type === METADATA_EVENT_TYPE && header.stream.startsWith('$$')
          ? recordedEventData(recordedEventBytes(buf, at))
          : undefined;
      engine.indexRecord(header, metadataData);
    });
    engine.log = log;
    engine.recoveryReport = report;
    engine.visible = engine.index.count;
    return engine;
  }

  get recovery(): LogRecoveryReport {
    return this.recoveryReport;
  }

  /** Ordinals below this are durable and readable. */
  get visibleCount(): number {
    return this.visible;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  get indexBytes(): number {
    return this.index.bytes + this.streams.bytes;
  }

  /** fdatasyncs done since open, and the records they covered (group commit at work). */
  get flushStats(): { fsyncs: number; records: number } {
    return this.log.flushStats;
  }

  get durableEnd(): number {
    return this.log.durableEnd;
  }

  offsetOf(ordinal: number): number {
    return this.index.offsetOf(ordinal);
  }

  /** First ordinal at or after a `$all` position. */
  ordinalAtOrAfter(position: number): number {
    return this.index.firstAtOrAfter(position, this.visible);
  }

  record(ordinal: number): Buffer {
    return this.log.readRecord(this.index.offsetOf(ordinal));
  }

  /** Raw durable log bytes for sequential `$all` reads. */
  readLog(offset: number, maxBytes: number): Buffer {
    return this.log.readDurable(offset, maxBytes);
  }

  /** Called after each batch of events becomes durable and visible. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  async append(stream: string, expected: ExpectedState, events: ProposedEvent[]): Promise<WriteOutcome> {
    const size = events.reduce((n, e) => n + e.data.length + e.customMetadata.length, 0);
    if (size > this.maxAppendSize) return { kind: 'too_big', maxAppendSize: this.maxAppendSize };
    const decided = this.decideAppend(stream, expected, events);
    if (decided.kind !== 'write') return this.afterDurable(decided.outcome);
    const written = this.writeEvents(stream, events);
    return this.afterDurable({ kind: 'success', ...written });
  }

  /** Soft delete: hides the stream's events by setting `$tb` in its metadata; appending again recreates it. */
  async deleteStream(stream: string, expected: ExpectedState): Promise<WriteOutcome> {
    const slot = this.streams.find(stream);
    const cols = this.streams.columns;
    if (slot >= 0 && cols.tombstoned[slot]) return { kind: 'stream_deleted' };
    const current = this.currentState(stream);
    if (!expectationHolds(expected, current, this.isSoftDeleted(stream))) {
      return { kind: 'wrong_expected_version', expected, current };
    }
    const lastRevision = current === 'no_stream' ? -1 : current;
    const metadata = { ...this.latestMetadata(stream), $tb: lastRevision + 1 };
    const written = this.writeEvents(`$$${stream}`, [jsonEvent(METADATA_EVENT_TYPE, metadata)]);
    return this.afterDurable({ kind: 'success', currentRevision: lastRevision, position: written.position });
  }

  /** Hard delete: the stream can never be read or written again. */
  async tombstoneStream(stream: string, expected: ExpectedState): Promise<WriteOutcome> {
    const slot = this.streams.find(stream);
    if (slot >= 0 && this.streams.columns.tombstoned[slot]) return { kind: 'stream_deleted' };
    const current = this.currentState(stream);
    if (!expectationHolds(expected, current, this.isSoftDeleted(stream))) {
      return { kind: 'wrong_expected_version', expected, current };
    }
    const offset = this.log.end;
    const event = { id: randomId(), type: TOMBSTONE_EVENT_TYPE, contentType: 'application/octet-stream', data: EMPTY, customMetadata: EMPTY };
    const record = encodeRecord(stream, 'tombstone', event, offset, createdTicks(this.now()));
    this.log.append(record);
    const header = decodeHeader(record, 0, offset);
    this.indexRecord(header, undefined);
    return this.afterDurable({
      kind: 'success',
      currentRevision: current === 'no_stream' ? -1 : current,
      position: offset,
    });
  }

  /** Ordinals of the stream's visible events, in the requested order. */
  readStream(
    stream: string,
    from: 'start' | 'end' | number,
    direction: 'forwards' | 'backwards',
    maxCount: number,
  ): StreamReadResult {
    const slot = this.streams.find(stream);
    if (slot < 0) return { kind: 'not_found' };
    if (this.streams.columns.tombstoned[slot]) return { kind: 'deleted' };
    const range = this.visibleRange(slot);
    if (!range) return { kind: 'not_found' };
    const [first, last, lastOrdinal] = range;
    let low: number;
    let high: number;
    if (direction === 'forwards') {
      low = Math.max(first, from === 'start' ? 0 : from === 'end' ? last + 1 : from);
      high = Math.min(last, low + Math.max(0, maxCount) - 1);
    } else {
      high = Math.min(last, from === 'start' ? -1 : from === 'end' ? last : from);
      low = Math.max(first, high - Math.max(0, maxCount) + 1);
    }
    if (low > high) return { kind: 'ok', ordinals: [] };
    const ordinals = this.collectChain(lastOrdinal, last, low, high);
    if (direction === 'forwards') ordinals.reverse();
    return { kind: 'ok', ordinals };
  }

  /** Whether the stream has been tombstoned (reads and writes answer stream-deleted). */
  isTombstoned(stream: string): boolean {
    const slot = this.streams.find(stream);
    return slot >= 0 && this.streams.columns.tombstoned[slot] === 1;
  }

  /** Revision of the last visible event of the stream, -1 if none. */
  lastVisibleRevision(stream: string): number {
    const slot = this.streams.find(stream);
    if (slot < 0) return -1;
    const range = this.visibleRange(slot);
    return range ? range[1] : -1;
  }

  private decideAppend(
    stream: string,
    expected: ExpectedState,
    events: ProposedEvent[],
  ): { kind: 'write' } | { kind: 'done'; outcome: WriteOutcome } {
    const slot = this.streams.find(stream);
    if (slot >= 0 && this.streams.columns.tombstoned[slot]) return { kind: 'done', outcome: { kind: 'stream_deleted' } };
    const current = this.currentState(stream);
    const softDeleted = this.isSoftDeleted(stream);
    if (events.length > 0) {
      const replay = this.checkIdempotency(stream, expected, current, events);
      if (replay === 'corrupted') return { kind: 'done', outcome: { kind: 'wrong_expected_version', expected, current } };
      if (replay) return { kind: 'done', outcome: replay };
    }
    if (!expectationHolds(expected, current, softDeleted)) {
      return { kind: 'done', outcome: { kind: 'wrong_expected_version', expected, current } };
    }
    if (events.length === 0) {
      const position = slot >= 0 && current !== 'no_stream' ? this.index.offsetOf(this.streams.columns.lastOrdinal[slot]) : this.log.end;
      return { kind: 'done', outcome: { kind: 'success', currentRevision: current === 'no_stream' ? -1 : current, position } };
    }
    return { kind: 'write' };
  }

  /**
   * EventStoreDB's idempotency: a retried append whose event ids are already in
   * the stream at the revisions it would have taken succeeds without writing;
   * a partial match is a wrong expected version.
   */
  private checkIdempotency(
    stream: string,
    expected: ExpectedState,
    current: CurrentState,
    events: ProposedEvent[],
  ): WriteOutcome | 'corrupted' | undefined {
    let firstRevision: number;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      const expectedRevision = expected.kind === 'revision' ? expected.revision : -1;
      if (current === 'no_stream' || current <= expectedRevision) return undefined;
      firstRevision = expectedRevision + 1;
    } else {
      const ordinal = this.recentIds.get(events[0].id);
      if (ordinal === undefined) return undefined;
      const header = decodeHeader(this.record(ordinal), 0, this.index.offsetOf(ordinal));
      if (header.stream !== stream || header.tombstone) return undefined;
      firstRevision = header.revision;
    }
    const slot = this.streams.find(stream);
    const cols = this.streams.columns;
    const last = cols.lastRevision[slot];
    const high = Math.min(last, firstRevision + events.length - 1);
    const ordinals = this.collectChain(cols.lastOrdinal[slot], last, firstRevision, high).reverse();
    let matched = 0;
    while (matched < ordinals.length && this.idAt(ordinals[matched]) === events[matched].id) matched++;
    if (matched === 0) return undefined;
    if (matched < events.length) return 'corrupted';
    const lastOrdinal = ordinals[ordinals.length - 1];
    return { kind: 'success', currentRevision: firstRevision + events.length - 1, position: this.index.offsetOf(lastOrdinal) };
  }

  private idAt(ordinal: number): string {
    const record = this.record(ordinal);
    return decodeHeader(record, 0, this.index.offsetOf(ordinal)).id;
  }

  private writeEvents(stream: string, events: ProposedEvent[]): { currentRevision: number; position: number } {
    const created = createdTicks(this.now());
    let revision = this.streamLastRevision(stream);
    let position = 0;
    for (const event of events) {
      revision++;
      position = this.log.end;
      const record = encodeRecord(stream, revision, event, position, created);
      this.log.append(record);
      const metadataData = event.type === METADATA_EVENT_TYPE && stream.startsWith('$$') ? event.data : undefined;
      const header: RecordHeader = {
        offset: position,
        length: record.length,
        tombstone: false,
        scavenged: false,
        stream,
        type: event.type,
        id: event.id,
        revision,
      };
      this.indexRecord(header, metadataData);
    }
    return { currentRevision: revision, position };
  }

  private async afterDurable(outcome: WriteOutcome): Promise<WriteOutcome> {
    await this.settle();
    return outcome;
  }

  /** Waits until everything written so far is durable, and makes it visible. */
  private async settle(): Promise<void> {
    const target = this.log.end;
    const ordinalTarget = this.index.count;
    await this.log.waitDurable(target);
    if (ordinalTarget > this.visible) {
      this.visible = ordinalTarget;
      for (const listener of this.listeners) listener();
    }
  }

  /**
   * Physically removes the bodies of events no read can return any more: every
   * event of a tombstoned stream (its `$$` metadata stream and the tombstone
   * itself included, so the name does not survive in clear), and events below
   * `$tb` or beyond `$maxCount`. Each record is overwritten in place with a
   * record of the same length that keeps only the stream hash and revision
   * (what the index needs to refuse a tombstoned stream and to keep revision
   * numbering), so no position changes. Tombstone records go last: if the
   * process dies before, the name is still there and the next scavenge finishes.
   */
  async scavenge(): Promise<ScavengeReport> {
    await this.settle();
    const events: ScavengeEntry[] = [];
    const tombstones: ScavengeEntry[] = [];
    const finished: string[] = [];
    const progressed = new Map<string, number>();
    const cols = this.streams.columns;
    for (const [name, removedBelow] of this.scavengeCandidates) {
      const slot = this.streams.find(name);
      if (slot < 0) continue;
      if (cols.tombstoned[slot]) {
        this.planChainRemoval(name, slot, removedBelow, Infinity, events);
        const metadataSlot = this.streams.find(`$$${name}`);
        if (metadataSlot >= 0) this.planChainRemoval(`$$${name}`, metadataSlot, 0, Infinity, events);
        const tombstone = this.tombstoneOrdinals.get(name);
        if (tombstone !== undefined) this.planRemoval(name, tombstone, tombstones);
        finished.push(name);
      } else {
        const keepFrom = this.firstKeptRevision(slot);
        if (keepFrom <= removedBelow) continue;
        this.planChainRemoval(name, slot, removedBelow, keepFrom, events);
        progressed.set(name, keepFrom);
      }
    }
    this.log.overwriteScavenged(events);
    this.log.overwriteScavenged(tombstones);
    for (const name of finished) {
      this.scavengeCandidates.delete(name);
      this.tombstoneOrdinals.delete(name);
    }
    for (const [name, keepFrom] of progressed) this.scavengeCandidates.set(name, keepFrom);
    const all = [...events, ...tombstones];
    return { records: all.length, bytes: all.reduce((n, e) => n + e.length, 0) };
  }

  /** Plans removal of the stream's durable events with revisions in [low, highExclusive). */
  private planChainRemoval(name: string, slot: number, low: number, highExclusive: number, out: ScavengeEntry[]): void {
    const cols = this.streams.columns;
    let ordinal = cols.lastOrdinal[slot];
    for (let revision = cols.lastRevision[slot]; ordinal >= 0 && revision >= low; revision--) {
      if (revision < highExclusive && ordinal < this.visible) this.planRemoval(name, ordinal, out);
      ordinal = this.index.previousOf(ordinal);
    }
  }

  private planRemoval(name: string, ordinal: number, out: ScavengeEntry[]): void {
    const offset = this.index.offsetOf(ordinal);
    const header = decodeHeader(this.record(ordinal), 0, offset);
    // Already removed, or another stream sharing the hash: leave it.
    if (header.scavenged || header.stream !== name) return;
    const [hashHi, hashLo] = hashName(name);
    this.recentIds.delete(header.id);
    out.push({ offset, length: header.length, tombstone: header.tombstone, revision: header.revision, hashHi, hashLo });
  }

  /** The lowest revision reads can still return, given `$tb`, `$maxCount` and the last durable event. */
  private firstKeptRevision(slot: number): number {
    const last = this.lastDurable(slot);
    return last ? this.firstKeptBelow(slot, last.revision) : 0;
  }

  /** The stream's last event that is on disk (appends past `visible` are not yet), or undefined if none is. */
  private lastDurable(slot: number): { ordinal: number; revision: number } | undefined {
    const cols = this.streams.columns;
    let ordinal = cols.lastOrdinal[slot];
    let revision = cols.lastRevision[slot];
    while (ordinal >= this.visible) {
      ordinal = this.index.previousOf(ordinal);
      revision--;
    }
    return ordinal < 0 || revision < 0 ? undefined : { ordinal, revision };
  }

  /** The first revision `$tb` and `$maxCount` keep, when `lastRevision` is the stream's last. */
  private firstKeptBelow(slot: number, lastRevision: number): number {
    const cols = this.streams.columns;
    const byMaxCount = cols.maxCount[slot] > 0 ? lastRevision + 1 - cols.maxCount[slot] : 0;
    return Math.max(cols.truncateBefore[slot], byMaxCount, 0);
  }

  private indexRecord(header: RecordHeader, metadataData: Uint8Array | undefined): void {
    if (header.scavenged) return this.indexScavenged(header);
    const slot = this.streams.ensure(header.stream);
    const cols = this.streams.columns;
    if (header.tombstone) {
      cols.tombstoned[slot] = 1;
      this.tombstoneOrdinals.set(header.stream, this.index.add(header.offset, -1));
      if (!this.scavengeCandidates.has(header.stream)) this.scavengeCandidates.set(header.stream, 0);
      return;
    }
    const ordinal = this.index.add(header.offset, cols.lastOrdinal[slot]);
    cols.lastOrdinal[slot] = ordinal;
    cols.lastRevision[slot] = header.revision;
    this.recentIds.set(header.id, ordinal);
    if (metadataData) this.applyMetadata(header.stream.slice(2), metadataData);
  }

  /** A scavenged record still counts in its stream's revisions (and a tombstone still refuses the stream), by hash. */
  private indexScavenged(header: RecordHeader): void {
    const [hi, lo] = header.streamHash!;
    const slot = this.streams.ensureHash(hi, lo);
    const cols = this.streams.columns;
    if (header.tombstone) {
      cols.tombstoned[slot] = 1;
      this.index.add(header.offset, -1);
      return;
    }
    const ordinal = this.index.add(header.offset, cols.lastOrdinal[slot]);
    cols.lastOrdinal[slot] = ordinal;
    cols.lastRevision[slot] = header.revision;
  }

  private applyMetadata(stream: string, data: Uint8Array): void {
    const parsed = parseJsonObject(data);
    if (!parsed) return;
    const slot = this.streams.ensure(stream);
    const cols = this.streams.columns;
    cols.truncateBefore[slot] = nonNegativeInteger(parsed.$tb) ?? 0;
    cols.maxCount[slot] = nonNegativeInteger(parsed.$maxCount) ?? 0;
    if ((cols.truncateBefore[slot] > 0 || cols.maxCount[slot] > 0) && !this.scavengeCandidates.has(stream)) {
      this.scavengeCandidates.set(stream, 0);
    }
  }

  private latestMetadata(stream: string): Record<string, unknown> {
    const result = this.readStream(`$$${stream}`, 'end', 'backwards', 1);
    if (result.kind !== 'ok' || result.ordinals.length === 0) return {};
    const record = this.record(result.ordinals[0]);
    return parseJsonObject(recordedEventData(recordedEventBytes(record, 0))) ?? {};
  }

  private streamLastRevision(stream: string): number {
    const slot = this.streams.find(stream);
    return slot < 0 ? -1 : this.streams.columns.lastRevision[slot];
  }

  private currentState(stream: string): CurrentState {
    const last = this.streamLastRevision(stream);
    return last < 0 ? 'no_stream' : last;
  }

  private isSoftDeleted(stream: string): boolean {
    const slot = this.streams.find(stream);
    if (slot < 0) return false;
    const cols = this.streams.columns;
    return cols.lastRevision[slot] >= 0 && cols.truncateBefore[slot] > cols.lastRevision[slot];
  }

  /** [first visible revision, last visible revision, ordinal of the last] or undefined if nothing is visible. */
  private visibleRange(slot: number): [number, number, number] | undefined {
    const last = this.lastDurable(slot);
    if (!last) return undefined;
    const first = this.firstKeptBelow(slot, last.revision);
    return first > last.revision ? undefined : [first, last.revision, last.ordinal];
  }

  /** Ordinals for revisions high…low (descending), walking back from the given last event. */
  private collectChain(lastOrdinal: number, lastRevision: number, low: number, high: number): number[] {
    const out: number[] = [];
    let ordinal = lastOrdinal;
    for (let revision = lastRevision; revision >= low && ordinal >= 0; revision--) {
      if (revision <= high) out.push(ordinal);
      ordinal = this.index.previousOf(ordinal);
    }
    return out;
  }
}

function expectationHolds(expected: ExpectedState, current: CurrentState, softDeleted: boolean): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream' || softDeleted;
    case 'stream_exists':
      return current !== 'no_stream' && !softDeleted;
    case 'revision':
      return current === expected.revision;
  }
}

function jsonEvent(type: string, data: unknown): ProposedEvent {
  return {
    id: randomId(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data), 'utf8'),
    customMetadata: EMPTY,
  };
}

function randomId(): string {
  return randomUUID();
}

function parseJsonObject(data: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
