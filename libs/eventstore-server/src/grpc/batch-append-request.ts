import type { ExpectedState } from '../engine/append-types';

/*
 * Hand-written decoder of `event_store.client.streams.BatchAppendReq`, the
 * hottest inbound message (one per append): google-protobuf's object model
 * costs several microseconds and a dozen objects per message. Field numbers are
 * those of the generated classes in `@eventstore/db-client/generated/streams_pb`:
 *
 *   BatchAppendReq  { UUID correlation_id = 1; Options options = 2; repeated ProposedMessage proposed_messages = 3; bool is_final = 4 }
 *   Options         { StreamIdentifier stream_identifier = 1; uint64 stream_position = 2 | Empty no_stream = 3 | Empty any = 4
 *                     | Empty stream_exists = 5; Timestamp deadline_21_10_0 = 6 | Duration deadline = 7 }
 *   Timestamp, Duration { int64 seconds = 1; int32 nanos = 2 }
 *   ProposedMessage { UUID id = 1; map<string,string> metadata = 2; bytes custom_metadata = 3; bytes data = 4 }
 *   UUID            { Structured structured = 1 | string string = 2 };  StreamIdentifier { bytes stream_name = 3 }
 *
 * Byte fields are views into the request buffer (grpc-js allocates one per message).
 */

export interface RawProposedMessage {
  /** The id in string form; undefined when absent or sent in structured form. */
  id: string | undefined;
  type: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface DecodedBatchAppendReq {
  /** The encoded correlation UUID message, echoed back as is. */
  correlationId: Uint8Array;
  options: BatchAppendOptions | undefined;
  messages: RawProposedMessage[];
  isFinal: boolean;
}

export interface BatchAppendOptions {
  stream: string;
  expected: ExpectedState;
  /** When the append must be answered by, in epoch milliseconds (a Duration counts from receipt); Infinity without one. */
  deadlineMs: number;
}

const EMPTY = new Uint8Array(0);
const EMPTY_EXPECTATIONS = ['no_stream', 'any', 'stream_exists'] as const;

export function decodeBatchAppendReq(buf: Buffer): DecodedBatchAppendReq {
  const r = new Reader(buf);
  const out: DecodedBatchAppendReq = { correlationId: EMPTY, options: undefined, messages: [], isFinal: false };
  while (r.more(buf.length)) {
    const key = r.varint();
    const field = key >>> 3;
    if (field === 1 && (key & 7) === 2) out.correlationId = r.bytes();
    else if (field === 2 && (key & 7) === 2) out.options = decodeOptions(r, r.lengthEnd());
    else if (field === 3 && (key & 7) === 2) out.messages.push(decodeProposed(r, r.lengthEnd()));
    else if (field === 4 && (key & 7) === 0) out.isFinal = r.varint() !== 0;
    else r.skip(key & 7);
  }
  return out;
}

function decodeOptions(r: Reader, end: number): BatchAppendOptions {
  let stream = '';
  let expected: ExpectedState = { kind: 'any' };
  let deadlineMs = Infinity;
  while (r.more(end)) {
    const key = r.varint();
    const field = key >>> 3;
    if (field === 1 && (key & 7) === 2) stream = decodeStreamIdentifier(r, r.lengthEnd());
    else if (field === 2 && (key & 7) === 0) expected = { kind: 'revision', revision: r.varint() };
    else if (field === 6 && (key & 7) === 2) deadlineMs = decodeSecondsNanos(r, r.lengthEnd());
    else if (field === 7 && (key & 7) === 2) deadlineMs = Date.now() + decodeSecondsNanos(r, r.lengthEnd());
    else {
      // no_stream / any / stream_exists are empty messages: the field number is the value.
      if ((key & 7) === 2 && field >= 3 && field <= 5) expected = { kind: EMPTY_EXPECTATIONS[field - 3] };
      r.skip(key & 7);
    }
  }
  return { stream, expected, deadlineMs };
}

/** A Timestamp or Duration, in milliseconds. */
function decodeSecondsNanos(r: Reader, end: number): number {
  let seconds = 0;
  let nanos = 0;
  while (r.more(end)) {
    const key = r.varint();
    if (key === 1 << 3) seconds = signed(r.varint());
    else if (key === 2 << 3) nanos = signed(r.varint());
    else r.skip(key & 7);
  }
  return seconds * 1000 + nanos / 1e6;
}

/** A negative int64 arrives as its 64-bit two's complement; the reader's float is close enough for a deadline. */
function signed(value: number): number {
  return value >= 2 ** 63 ? value - 2 ** 64 : value;
}

function decodeStreamIdentifier(r: Reader, end: number): string {
  let name = '';
  while (r.more(end)) {
    const key = r.varint();
    if (key === ((3 << 3) | 2)) name = r.string();
    else r.skip(key & 7);
  }
  return name;
}

function decodeProposed(r: Reader, end: number): RawProposedMessage {
  const m: RawProposedMessage = { id: undefined, type: undefined, contentType: undefined, data: EMPTY, customMetadata: EMPTY };
  while (r.more(end)) {
    const key = r.varint();
    const field = key >>> 3;
    if ((key & 7) !== 2) r.skip(key & 7);
    else if (field === 1) m.id = decodeUuidString(r, r.lengthEnd());
    else if (field === 2) decodeMetadataEntry(r, r.lengthEnd(), m);
    else if (field === 3) m.customMetadata = r.bytes();
    else if (field === 4) m.data = r.bytes();
    else r.skip(2);
  }
  return m;
}

function decodeUuidString(r: Reader, end: number): string | undefined {
  let id: string | undefined;
  while (r.more(end)) {
    const key = r.varint();
    if (key === ((2 << 3) | 2)) id = r.string();
    else r.skip(key & 7);
  }
  return id;
}

function decodeMetadataEntry(r: Reader, end: number, m: RawProposedMessage): void {
  let key = '';
  let value = '';
  while (r.more(end)) {
    const tag = r.varint();
    if (tag === ((1 << 3) | 2)) key = r.string();
    else if (tag === ((2 << 3) | 2)) value = r.string();
    else r.skip(tag & 7);
  }
  if (key === 'type') m.type = value;
  else if (key === 'content-type') m.contentType = value;
}

class Reader {
  at = 0;
  constructor(private readonly buf: Buffer) {}

  more(end: number): boolean {
    if (this.at > end) throw new Error('malformed BatchAppendReq: field runs past its message');
    return this.at < end;
  }

  varint(): number {
    const buf = this.buf;
    let byte = buf[this.at++];
    if (byte < 0x80) return byte;
    let result = byte & 0x7f;
    let multiplier = 0x80;
    for (let i = 1; i < 10; i++) {
      byte = buf[this.at++];
      if (byte === undefined) throw new Error('malformed BatchAppendReq: truncated varint');
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 0x80;
    }
    throw new Error('malformed BatchAppendReq: varint too long');
  }

  /** Reads a length prefix and returns where the field ends. */
  lengthEnd(): number {
    const length = this.varint();
    const end = this.at + length;
    if (end > this.buf.length) throw new Error('malformed BatchAppendReq: length runs past the message');
    return end;
  }

  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const view = this.buf.subarray(this.at, end);
    this.at = end;
    return view;
  }

  string(): string {
    const end = this.lengthEnd();
    const text = this.buf.toString('utf8', this.at, end);
    this.at = end;
    return text;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.at = this.lengthEnd();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 5) this.at += 4;
    else throw new Error(`malformed BatchAppendReq: wire type ${wireType}`);
  }
}
