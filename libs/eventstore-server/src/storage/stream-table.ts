/**
 * Per-stream state in an open-addressing hash table of typed arrays, keyed by a
 * 64-bit hash of the stream name, so millions of streams cost tens of bytes each
 * and no JavaScript object. Stream names themselves live only in the log; a read
 * compares the name in each record, so a hash collision can never leak another
 * stream's events into a read (it could only make two streams share revision
 * numbering, with probability ~n²/2⁶⁵).
 */
export class StreamTable {
  private capacity = 1 << 12;
  private used = 0;
  private hashHi = new Uint32Array(this.capacity);
  private hashLo = new Uint32Array(this.capacity);
  private state = new StreamColumns(this.capacity);

  get size(): number {
    return this.used;
  }

  /** Slot of the stream, or -1 if it has never been written. */
  find(name: string): number {
    const [hi, lo] = hashName(name);
    return this.findHash(hi, lo);
  }

  /** Slot of the stream with this name hash (a scavenged record keeps only the hash), or -1. */
  findHash(hi: number, lo: number): number {
    const mask = this.capacity - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      if (this.hashHi[slot] === 0 && this.hashLo[slot] === 0) return -1;
      if (this.hashHi[slot] === hi && this.hashLo[slot] === lo) return slot;
    }
  }

  /** Slot of the stream, created empty if needed. Slots move when the table grows: do not keep them across calls to `ensure`. */
  ensure(name: string): number {
    const [hi, lo] = hashName(name);
    return this.ensureHash(hi, lo);
  }

  ensureHash(hi: number, lo: number): number {
    const found = this.findHash(hi, lo);
    if (found >= 0) return found;
    if ((this.used + 1) * 2 > this.capacity) this.grow();
    const slot = this.insertKey(hi, lo);
    this.used++;
    return slot;
  }

  get columns(): StreamColumns {
    return this.state;
  }

  get bytes(): number {
    return this.capacity * (8 + StreamColumns.BYTES_PER_SLOT);
  }

  private insertKey(hi: number, lo: number): number {
    const mask = this.capacity - 1;
    let slot = lo & mask;
    while (this.hashHi[slot] !== 0 || this.hashLo[slot] !== 0) slot = (slot + 1) & mask;
    this.hashHi[slot] = hi;
    this.hashLo[slot] = lo;
    return slot;
  }

  private grow(): void {
    const oldHi = this.hashHi;
    const oldLo = this.hashLo;
    const oldState = this.state;
    this.capacity *= 2;
    this.hashHi = new Uint32Array(this.capacity);
    this.hashLo = new Uint32Array(this.capacity);
    this.state = new StreamColumns(this.capacity);
    for (let i = 0; i < oldHi.length; i++) {
      if (oldHi[i] === 0 && oldLo[i] === 0) continue;
      const slot = this.insertKey(oldHi[i], oldLo[i]);
      this.state.copyFrom(oldState, i, slot);
    }
  }
}

/** The per-stream fields, one typed array each. */
export class StreamColumns {
  static readonly BYTES_PER_SLOT = 4 + 8 + 8 + 8 + 1;
  readonly lastOrdinal: Int32Array;
  /** Revision of the last event, -1 if none. */
  readonly lastRevision: Float64Array;
  /** `$tb` from the stream's metadata: revisions below it are hidden (soft delete sets it). */
  readonly truncateBefore: Float64Array;
  /** `$maxCount` from the stream's metadata, 0 when unset. */
  readonly maxCount: Float64Array;
  readonly tombstoned: Uint8Array;

  constructor(capacity: number) {
    this.lastOrdinal = new Int32Array(capacity).fill(-1);
    this.lastRevision = new Float64Array(capacity).fill(-1);
    this.truncateBefore = new Float64Array(capacity);
    this.maxCount = new Float64Array(capacity);
    this.tombstoned = new Uint8Array(capacity);
  }

  copyFrom(other: StreamColumns, from: number, to: number): void {
    this.lastOrdinal[to] = other.lastOrdinal[from];
    this.lastRevision[to] = other.lastRevision[from];
    this.truncateBefore[to] = other.truncateBefore[from];
    this.maxCount[to] = other.maxCount[from];
    this.tombstoned[to] = other.tombstoned[from];
  }
}

/** Two independent 32-bit hashes of the name's UTF-16 code units (FNV-1a and a murmur-style mix). */
export function hashName(name: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  a >>>= 0;
  b >>>= 0;
  if (a === 0 && b === 0) b = 1; // (0, 0) marks an empty slot
  return [a, b];
}
