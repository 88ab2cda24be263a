import { crc32 } from 'node:zlib';
import {
  bigVarintBytes,
  lengthDelimitedSize,
  readFields,
  varintFieldSize,
  writeBytesField,
  writeTag,
  writeVarint,
  writeVarintField,
} from './proto-wire';

/**
 * One log record (little-endian):
 *
 *   0  u32  total length of the record, header included
 *   4  u32  CRC-32 of bytes [8, total)
 *   8  u8   format version (1)
 *   9  u8   flags (bit 0: tombstone, bit 1: scavenged)
 *  10  u16  stream name length (UTF-8 bytes)
 *  12  u16  event type length
 *  14  u16  event id length
 *  16  f64  stream revision (-1 for a tombstone)
 *  24  u32  length of the encoded RecordedEvent
 *  28       stream name | event type | event id | RecordedEvent
 *
 * The RecordedEvent is stored exactly as the Read RPC sends it (positions
 * included, since a record's position is its byte offset and is known when it
 * is written), so serving a read is a slice and a copy. The plain copies of
 * stream, type and id in front of it let the index be rebuilt and filters be
 * applied without parsing protobuf.
 *
 * A scavenged record keeps its length (so every later position is unchanged)
 * and its revision, but its name, type and id lengths are 0, the RecordedEvent
 * is gone, and the 8 bytes after the header hold the 64-bit hash of the stream
 * name (all the index needs); every other byte is zero. See scavenged-record.ts.
 */
export const RECORD_HEADER_SIZE = 28;
export const RECORD_FORMAT_VERSION = 1;
export const FLAG_TOMBSTONE = 1;
export const FLAG_SCAVENGED = 2;
/** EventStoreDB reports a tombstone's revision as long.MaxValue. */
export const TOMBSTONE_REVISION = (1n << 63n) - 1n;
const TOMBSTONE_REVISION_VARINT = bigVarintBytes(TOMBSTONE_REVISION);

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface RecordHeader {
  offset: number;
  length: number;
  tombstone: boolean;
  /** The body was removed by a scavenge: stream, type and id are empty, `streamHash` identifies the stream. */
  scavenged: boolean;
  streamHash?: [number, number];
  stream: string;
  type: string;
  id: string;
  revision: number;
}

const EMPTY = new Uint8Array(0);

/** The `created` metadata EventStoreDB sends: 100 ns ticks since the Unix epoch, as a decimal string. */
export function createdTicks(nowMs: number): string {
  return `${nowMs}0000`;
}

/**
 * Encodes one record. Written for the append hot path: lengths are computed
 * first, then every string is written once, straight into the record buffer
 * (the plain copies in front are copied from the protobuf part), with no
 * intermediate buffers or arrays.
 */
export function encodeRecord(
  stream: string,
  revision: number | 'tombstone',
  event: ProposedEvent,
  offset: number,
  created: string,
): Buffer {
  const streamLength = Buffer.byteLength(stream, 'utf8');
  const typeLength = Buffer.byteLength(event.type, 'utf8');
  const idLength = event.id.length; // a lower-case UUID: ASCII
  const contentTypeLength = Buffer.byteLength(event.contentType, 'utf8');
  const createdLength = created.length; // digits

  const uuidSize = lengthDelimitedSize(2, idLength);
  const streamIdSize = lengthDelimitedSize(3, streamLength);
  const typeEntrySize = lengthDelimitedSize(1, KEY_TYPE.length) + lengthDelimitedSize(2, typeLength);
  const contentTypeEntrySize = lengthDelimitedSize(1, KEY_CONTENT_TYPE.length) + lengthDelimitedSize(2, contentTypeLength);
  const createdEntrySize = lengthDelimitedSize(1, KEY_CREATED.length) + lengthDelimitedSize(2, createdLength);
  const revisionSize =
    revision === 'tombstone' ? 1 + TOMBSTONE_REVISION_VARINT.length : varintFieldSize(3, revision);
  const metadataLength = event.customMetadata.length;
  const dataLength = event.data.length;

  const protoSize =
    lengthDelimitedSize(1, uuidSize) +
    lengthDelimitedSize(2, streamIdSize) +
    revisionSize +
    2 * varintFieldSize(4, offset) +
    lengthDelimitedSize(6, typeEntrySize) +
    lengthDelimitedSize(6, contentTypeEntrySize) +
    lengthDelimitedSize(6, createdEntrySize) +
    (metadataLength > 0 ? lengthDelimitedSize(7, metadataLength) : 0) +
    (dataLength > 0 ? lengthDelimitedSize(8, dataLength) : 0);

  const total = RECORD_HEADER_SIZE + streamLength + typeLength + idLength + protoSize;
  const buf = Buffer.allocUnsafe(total);
  buf.writeUInt32LE(total, 0);
  buf[8] = RECORD_FORMAT_VERSION;
  buf[9] = revision === 'tombstone' ? FLAG_TOMBSTONE : 0;
  buf.writeUInt16LE(streamLength, 10);
  buf.writeUInt16LE(typeLength, 12);
  buf.writeUInt16LE(idLength, 14);
  buf.writeDoubleLE(revision === 'tombstone' ? -1 : revision, 16);
  buf.writeUInt32LE(protoSize, 24);
  const plainStream = RECORD_HEADER_SIZE;
  const plainType = plainStream + streamLength;
  const plainId = plainType + typeLength;
  let at = plainId + idLength;

  at = writeTag(buf, at, 1, 2);
  at = writeVarint(buf, at, uuidSize);
  at = writeStringField(buf, at, 2, event.id, idLength, 'latin1');
  buf.copyWithin(plainId, at - idLength, at);
  at = writeTag(buf, at, 2, 2);
  at = writeVarint(buf, at, streamIdSize);
  at = writeStringField(buf, at, 3, stream, streamLength, 'utf8');
  buf.copyWithin(plainStream, at - streamLength, at);
  if (revision === 'tombstone') {
    at = writeTag(buf, at, 3, 0);
    buf.set(TOMBSTONE_REVISION_VARINT, at);
    at += TOMBSTONE_REVISION_VARINT.length;
  } else {
    at = writeVarintField(buf, at, 3, revision);
  }
  at = writeVarintField(buf, at, 4, offset);
  at = writeVarintField(buf, at, 5, offset);
  at = writeTag(buf, at, 6, 2);
  at = writeVarint(buf, at, typeEntrySize);
  at = writeBytesField(buf, at, 1, KEY_TYPE);
  at = writeStringField(buf, at, 2, event.type, typeLength, 'utf8');
  buf.copyWithin(plainType, at - typeLength, at);
  at = writeTag(buf, at, 6, 2);
  at = writeVarint(buf, at, contentTypeEntrySize);
  at = writeBytesField(buf, at, 1, KEY_CONTENT_TYPE);
  at = writeStringField(buf, at, 2, event.contentType, contentTypeLength, 'utf8');
  at = writeTag(buf, at, 6, 2);
  at = writeVarint(buf, at, createdEntrySize);
  at = writeBytesField(buf, at, 1, KEY_CREATED);
  at = writeStringField(buf, at, 2, created, createdLength, 'latin1');
  if (metadataLength > 0) at = writeBytesField(buf, at, 7, event.customMetadata);
  if (dataLength > 0) at = writeBytesField(buf, at, 8, event.data);
  if (at !== total) throw new Error(`record encoding size mismatch: ${at} != ${total}`);

  buf.writeUInt32LE(crc32(buf.subarray(8)) >>> 0, 4);
  return buf;
}

function writeStringField(buf: Buffer, at: number, field: number, text: string, byteLength: number, encoding: BufferEncoding): number {
  at = writeTag(buf, at, field, 2);
  at = writeVarint(buf, at, byteLength);
  return at + buf.write(text, at, byteLength, encoding);
}

const KEY_TYPE = Buffer.from('type');
const KEY_CONTENT_TYPE = Buffer.from('content-type');
const KEY_CREATED = Buffer.from('created');

export type RecordCheck = { ok: true; length: number } | { ok: false; reason: string };

/** Validates the record starting at `at` in `buf` (which must hold at least its header when `ok`). */
export function checkRecord(buf: Buffer, at: number, available: number): RecordCheck {
  if (available < RECORD_HEADER_SIZE) return { ok: false, reason: 'short header' };
  const length = buf.readUInt32LE(at);
  if (length < RECORD_HEADER_SIZE) return { ok: false, reason: `impossible length ${length}` };
  if (length > available) return { ok: false, reason: 'record runs past the end of the log' };
  if (buf.readUInt8(at + 8) !== RECORD_FORMAT_VERSION) return { ok: false, reason: 'unknown record version' };
  const expected = buf.readUInt32LE(at + 4);
  const actual = crc32(buf.subarray(at + 8, at + length)) >>> 0;
  if (expected !== actual) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, length };
}

/** Decodes the plain header fields of a record already known to be valid. */
export function decodeHeader(buf: Buffer, at: number, offset: number): RecordHeader {
  const length = buf.readUInt32LE(at);
  const streamLength = buf.readUInt16LE(at + 10);
  const typeLength = buf.readUInt16LE(at + 12);
  const idLength = buf.readUInt16LE(at + 14);
  let p = at + RECORD_HEADER_SIZE;
  const stream = buf.toString('utf8', p, p + streamLength);
  p += streamLength;
  const type = buf.toString('utf8', p, p + typeLength);
  p += typeLength;
  const id = buf.toString('latin1', p, p + idLength);
  const flags = buf.readUInt8(at + 9);
  const scavenged = (flags & FLAG_SCAVENGED) !== 0;
  return {
    offset,
    length,
    tombstone: (flags & FLAG_TOMBSTONE) !== 0,
    scavenged,
    ...(scavenged ? { streamHash: [buf.readUInt32LE(at + RECORD_HEADER_SIZE), buf.readUInt32LE(at + RECORD_HEADER_SIZE + 4)] } : {}),
    stream,
    type,
    id,
    revision: buf.readDoubleLE(at + 16),
  };
}

/** Whether the record at `at` had its body removed by a scavenge (readers skip such records). */
export function isScavenged(buf: Buffer, at: number): boolean {
  return (buf[at + 9] & FLAG_SCAVENGED) !== 0;
}

/** The stored RecordedEvent bytes of a record. */
export function recordedEventBytes(buf: Buffer, at: number): Buffer {
  const protoLength = buf.readUInt32LE(at + 24);
  const end = at + buf.readUInt32LE(at);
  return buf.subarray(end - protoLength, end);
}

/** The `data` field of a stored RecordedEvent (used to read `$metadata` events when the index is rebuilt). */
export function recordedEventData(recordedEvent: Uint8Array): Uint8Array {
  for (const f of readFields(recordedEvent)) {
    if (f.field === 8 && f.wireType === 2) return recordedEvent.subarray(f.start, f.end);
  }
  return EMPTY;
}
