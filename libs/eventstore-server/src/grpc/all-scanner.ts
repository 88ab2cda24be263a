import type { EventStoreEngine } from '../engine/event-store-engine';
import { decodeHeader, isScavenged, RecordHeader, recordedEventBytes } from '../storage/record-codec';

const READ_CHUNK = 1024 * 1024;

export interface ScannedRecord {
  ordinal: number;
  position: number;
  /** Removed by a scavenge: nothing to send, readers skip it. */
  scavenged: boolean;
  /** Lazily decoded plain header (stream, type, id), for filters. */
  header(): RecordHeader;
  recordedEvent: Buffer;
}

/**
 * Walks `$all` forwards from an ordinal over durable records, reading the log
 * sequentially in large chunks: `$all` order is file order.
 */
export function* scanAllForwards(engine: EventStoreEngine, fromOrdinal: number, toOrdinal: number): Generator<ScannedRecord> {
  let ordinal = fromOrdinal;
  while (ordinal < toOrdinal) {
    const offset = engine.offsetOf(ordinal);
    let chunk = engine.readLog(offset, READ_CHUNK);
    if (chunk.length < 4 || chunk.readUInt32LE(0) > chunk.length) chunk = engine.record(ordinal);
    let at = 0;
    while (ordinal < toOrdinal && at + 4 <= chunk.length) {
      const length = chunk.readUInt32LE(at);
      if (at + length > chunk.length) break;
      const recordAt = at;
      const position = offset + at;
      let decoded: RecordHeader | undefined;
      yield {
        ordinal,
        position,
        scavenged: isScavenged(chunk, recordAt),
        header: () => (decoded ??= decodeHeader(chunk, recordAt, position)),
        recordedEvent: recordedEventBytes(chunk, recordAt),
      };
      at += length;
      ordinal++;
    }
  }
}

/** Walks `$all` backwards from the ordinal before `fromOrdinal`. */
export function* scanAllBackwards(engine: EventStoreEngine, fromOrdinal: number): Generator<ScannedRecord> {
  for (let ordinal = fromOrdinal - 1; ordinal >= 0; ordinal--) {
    const record = engine.record(ordinal);
    const position = engine.offsetOf(ordinal);
    yield { ordinal, position, scavenged: isScavenged(record, 0), header: () => decodeHeader(record, 0, position), recordedEvent: recordedEventBytes(record, 0) };
  }
}
