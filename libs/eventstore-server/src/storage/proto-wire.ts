/**
 * Minimal protobuf wire-format helpers. The hot paths (stored records, read
 * responses, batch-append answers) are encoded by hand because google-protobuf's
 * object model costs several microseconds per message; the field numbers come
 * from the generated classes shipped with `@eventstore/db-client`.
 */

const TWO_POW_32 = 0x1_0000_0000;

/** Length in bytes of a non-negative integer (≤ 2^53) encoded as a varint. */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** Writes `value` (≤ 2^53) as a varint at `offset`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    buf[offset++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  buf[offset++] = value;
  return offset;
}

/** A varint for a full 64-bit unsigned value given as a bigint. */
export function bigVarintBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  while (value >= 0x80n) {
    out.push(Number(value & 0x7fn) | 0x80);
    value >>= 7n;
  }
  out.push(Number(value));
  return Uint8Array.from(out);
}

export function tagSize(field: number): number {
  return varintSize(field << 3);
}

export function writeTag(buf: Uint8Array, offset: number, field: number, wireType: 0 | 2): number {
  return writeVarint(buf, offset, (field << 3) | wireType);
}

/** Size of a length-delimited field holding `length` bytes. */
export function lengthDelimitedSize(field: number, length: number): number {
  return tagSize(field) + varintSize(length) + length;
}

export function writeBytesField(buf: Uint8Array, offset: number, field: number, bytes: Uint8Array): number {
  offset = writeTag(buf, offset, field, 2);
  offset = writeVarint(buf, offset, bytes.length);
  buf.set(bytes, offset);
  return offset + bytes.length;
}

export function writeVarintField(buf: Uint8Array, offset: number, field: number, value: number): number {
  offset = writeTag(buf, offset, field, 0);
  return writeVarint(buf, offset, value);
}

export function varintFieldSize(field: number, value: number): number {
  return tagSize(field) + varintSize(value);
}

/** A tiny builder for small messages where convenience beats raw speed. */
export class MessageBuilder {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  varint(field: number, value: number | bigint): this {
    const bytes = typeof value === 'bigint' ? bigVarintBytes(value) : bigVarintBytes(BigInt(value));
    return this.raw(Uint8Array.from([...encodeTag(field, 0), ...bytes]));
  }

  bytes(field: number, value: Uint8Array | string): this {
    const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const head = Uint8Array.from([...encodeTag(field, 2), ...bigVarintBytes(BigInt(data.length))]);
    return this.raw(head).raw(data);
  }

  message(field: number, inner: MessageBuilder): this {
    return this.bytes(field, inner.build());
  }

  /** An empty sub-message: how proto3 oneofs of type Empty are set. */
  empty(field: number): this {
    return this.bytes(field, new Uint8Array(0));
  }

  build(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }

  private raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }
}

function encodeTag(field: number, wireType: 0 | 2): Uint8Array {
  return bigVarintBytes(BigInt((field << 3) | wireType));
}

/** Reads the fields of one message; enough to pull a value out of a stored record. */
export function* readFields(
  buf: Uint8Array,
  start = 0,
  end = buf.length,
): Generator<{ field: number; wireType: number; value: number; start: number; end: number }> {
  let offset = start;
  while (offset < end) {
    const [key, afterKey] = readVarint(buf, offset);
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) {
      const [value, after] = readVarint(buf, afterKey);
      yield { field, wireType, value, start: afterKey, end: after };
      offset = after;
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(buf, afterKey);
      yield { field, wireType, value: length, start: afterLength, end: afterLength + length };
      offset = afterLength + length;
    } else {
      throw new Error(`unsupported protobuf wire type ${wireType} at byte ${offset}`);
    }
  }
}

export function readVarint(buf: Uint8Array, offset: number): [number, number] {
  let result = 0;
  let multiplier = 1;
  for (;;) {
    const byte = buf[offset++];
    if (byte === undefined) throw new Error('truncated varint');
    result += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [result, offset];
    multiplier *= 128;
    if (multiplier > TWO_POW_32 * TWO_POW_32) throw new Error('varint too long');
  }
}
