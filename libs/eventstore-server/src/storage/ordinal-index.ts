const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

/**
 * Every event gets an ordinal (its rank in `$all`). Per ordinal we keep the
 * record's byte offset and the ordinal of the previous event of the same
 * stream: 12 bytes an event, in pages so that growth never copies.
 * A stream is a chain through `previous`, walked from its last event.
 */
export class OrdinalIndex {
  private readonly offsets: Float64Array[] = [];
  private readonly previous: Int32Array[] = [];
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(offset: number, previousOrdinal: number): number {
    const ordinal = this.size;
    const page = ordinal >>> PAGE_BITS;
    if (page === this.offsets.length) {
      this.offsets.push(new Float64Array(PAGE_SIZE));
      this.previous.push(new Int32Array(PAGE_SIZE));
    }
    this.offsets[page][ordinal & PAGE_MASK] = offset;
    this.previous[page][ordinal & PAGE_MASK] = previousOrdinal;
    this.size++;
    return ordinal;
  }

  offsetOf(ordinal: number): number {
    return this.offsets[ordinal >>> PAGE_BITS][ordinal & PAGE_MASK];
  }

  previousOf(ordinal: number): number {
    return this.previous[ordinal >>> PAGE_BITS][ordinal & PAGE_MASK];
  }

  /** The first ordinal whose offset is ≥ `position`, within [0, limit]. */
  firstAtOrAfter(position: number, limit = this.size): number {
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsetOf(mid) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes held by the index (for the memory report). */
  get bytes(): number {
    return this.offsets.length * PAGE_SIZE * 12;
  }
}
