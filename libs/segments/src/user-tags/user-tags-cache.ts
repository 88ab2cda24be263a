/**
 * The serving index's hot set: platform user id → surrogate → encoded labels
 * (user-record.ts), for at most `capacity` users, in flat typed arrays.
 *
 * Why not a `Map`: millions of small objects cost ~200 bytes each in V8 and
 * make every full garbage collection mark them all, a pause the recommender's
 * p99 would feel. Here an entry is one fixed slot of `SLOT_WORDS` 32-bit words
 * (surrogate, lengths, the user id's bytes, the record) plus two hash-table
 * cells and a CLOCK bit: 113 bytes, and nothing for the collector to walk. The rare entry that does not fit its slot (a user active on many days)
 * keeps its words in a side map.
 *
 * Two open-addressing tables (linear probing, load ≤ 1/2, backward-shift
 * deletion) find an entry by user id (requests) and by surrogate (the change
 * feed and erasures). When full, CLOCK picks the entry to evict: a second
 * chance for entries read since the hand last passed.
 */
export const SLOT_WORDS = 24;
const INITIAL_ENTRIES = 1024;
/** A platform user id is 1–64 characters of [A-Za-z0-9_.-]: one byte each. */
const MAX_USER_ID_LENGTH = 64;

export interface CacheStats {
  readonly entries: number;
  readonly capacity: number;
  readonly oversized: number;
  /** Bytes held by the typed arrays and the oversized entries' words. */
  readonly bytes: number;
}

export class UserTagsCache {
  private slots = new Uint32Array(0);
  private clock = new Uint8Array(0);
  private byUser = new Int32Array(0);
  private bySurrogate = new Int32Array(0);
  private readonly oversized = new Map<number, Uint32Array>();
  private allocated = 0;
  private count = 0;
  private hand = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('the cache needs room for at least one user');
    this.grow(Math.min(capacity, INITIAL_ENTRIES));
  }

  get size(): number {
    return this.count;
  }

  /** The entry of a user id, or -1; marks it recently used. */
  findUser(userId: string): number {
    const mask = this.byUser.length - 1;
    for (let cell = hashUserId(userId) & mask; ; cell = (cell + 1) & mask) {
      const held = this.byUser[cell];
      if (held === 0) return -1;
      if (this.userIdEquals(held - 1, userId)) {
        this.clock[held - 1] = 1;
        return held - 1;
      }
    }
  }

  /** The entry of a surrogate, or -1. */
  findSurrogate(surrogate: number): number {
    const mask = this.bySurrogate.length - 1;
    for (let cell = hashSurrogate(surrogate) & mask; ; cell = (cell + 1) & mask) {
      const held = this.bySurrogate[cell];
      if (held === 0) return -1;
      if (this.slots[(held - 1) * SLOT_WORDS] === surrogate) return held - 1;
    }
  }

  surrogateOf(entry: number): number {
    return this.slots[entry * SLOT_WORDS];
  }

  /** The words holding an entry's record and where in them it starts. */
  recordOf(entry: number): { words: Uint32Array; offset: number } {
    const base = entry * SLOT_WORDS;
    const idWords = userIdWords(this.slots[base + 1] & 0xff);
    const own = this.oversized.get(entry);
    return own ? { words: own, offset: idWords } : { words: this.slots, offset: base + 2 + idWords };
  }

  /** Adds or replaces a user's record, evicting the least recently used entry when full. */
  set(userId: string, surrogate: number, record: Uint32Array): void {
    if (userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) throw new Error('a platform user id is 1-64 characters');
    const byId = this.findUser(userId);
    if (byId >= 0 && this.surrogateOf(byId) !== surrogate) this.remove(byId);
    const bySurrogate = this.findSurrogate(surrogate);
    if (bySurrogate >= 0) this.remove(bySurrogate);
    const entry = this.allocate();
    this.write(entry, userId, surrogate, record);
    this.insertCell(this.byUser, hashUserId(userId), entry);
    this.insertCell(this.bySurrogate, hashSurrogate(surrogate), entry);
    this.clock[entry] = 1;
  }

  /** Replaces the record of a cached surrogate; false when it is not cached. */
  replace(surrogate: number, record: Uint32Array): boolean {
    const entry = this.findSurrogate(surrogate);
    if (entry < 0) return false;
    const userId = this.userIdOf(entry);
    this.oversized.delete(entry);
    this.write(entry, userId, surrogate, record);
    return true;
  }

  /** Drops a surrogate's entry (a change too large to reload, an erasure); false when it was not cached. */
  evict(surrogate: number): boolean {
    const entry = this.findSurrogate(surrogate);
    if (entry < 0) return false;
    this.remove(entry);
    return true;
  }

  clear(): void {
    this.byUser.fill(0);
    this.bySurrogate.fill(0);
    this.oversized.clear();
    this.count = 0;
    this.hand = 0;
  }

  has(surrogate: number): boolean {
    return this.findSurrogate(surrogate) >= 0;
  }

  stats(): CacheStats {
    let oversizedBytes = 0;
    for (const words of this.oversized.values()) oversizedBytes += words.byteLength;
    const bytes = this.slots.byteLength + this.clock.byteLength + this.byUser.byteLength + this.bySurrogate.byteLength + oversizedBytes;
    return { entries: this.count, capacity: this.capacity, oversized: this.oversized.size, bytes };
  }

  private userIdOf(entry: number): string {
    const base = entry * SLOT_WORDS;
    const length = this.slots[base + 1] & 0xff;
    const own = this.oversized.get(entry);
    const words = own ?? this.slots;
    const start = own ? 0 : base + 2;
    let id = '';
    for (let i = 0; i < length; i++) id += String.fromCharCode((words[start + (i >> 2)] >>> ((i & 3) * 8)) & 0xff);
    return id;
  }

  private userIdEquals(entry: number, userId: string): boolean {
    const base = entry * SLOT_WORDS;
    const length = this.slots[base + 1] & 0xff;
    if (length !== userId.length) return false;
    const own = this.oversized.get(entry);
    const words = own ?? this.slots;
    const start = own ? 0 : base + 2;
    for (let i = 0; i < length; i++) {
      if (((words[start + (i >> 2)] >>> ((i & 3) * 8)) & 0xff) !== userId.charCodeAt(i)) return false;
    }
    return true;
  }

  /**
   * Slot layout: word 0 the surrogate, word 1 the id's length, then the id's
   * bytes (four a word) and the record. An entry too long for its slot keeps
   * the id's bytes and the record in `oversized` (laid out as in a slot from
   * word 2 on), and its slot only the surrogate and the length.
   */
  private write(entry: number, userId: string, surrogate: number, record: Uint32Array): void {
    const base = entry * SLOT_WORDS;
    const idWords = userIdWords(userId.length);
    this.slots.fill(0, base, base + SLOT_WORDS);
    this.slots[base] = surrogate;
    this.slots[base + 1] = userId.length;
    const fits = 2 + idWords + record.length <= SLOT_WORDS;
    let words = this.slots;
    let start = base + 2;
    if (!fits) {
      const own = new Uint32Array(idWords + record.length);
      words = own;
      start = 0;
      own.set(record, idWords);
      this.oversized.set(entry, own);
    } else {
      this.slots.set(record, start + idWords);
    }
    for (let i = 0; i < userId.length; i++) words[start + (i >> 2)] |= userId.charCodeAt(i) << ((i & 3) * 8);
  }

  private allocate(): number {
    if (this.count < this.allocated) return this.count++;
    if (this.allocated < this.capacity) {
      this.grow(Math.min(this.capacity, this.allocated * 2));
      return this.count++;
    }
    for (;;) {
      const entry = this.hand;
      this.hand = (this.hand + 1) % this.count;
      if (this.clock[entry] === 1) {
        this.clock[entry] = 0;
        continue;
      }
      this.remove(entry);
      return this.count++;
    }
  }

  /** Removes an entry; the last entry moves into its place so entries stay dense. */
  private remove(entry: number): void {
    this.deleteCell(this.byUser, entry, (e) => hashUserId(this.userIdOf(e)));
    this.deleteCell(this.bySurrogate, entry, (e) => hashSurrogate(this.surrogateOf(e)));
    this.oversized.delete(entry);
    const last = this.count - 1;
    if (entry !== last) {
      this.slots.copyWithin(entry * SLOT_WORDS, last * SLOT_WORDS, (last + 1) * SLOT_WORDS);
      this.clock[entry] = this.clock[last];
      const own = this.oversized.get(last);
      if (own) {
        this.oversized.delete(last);
        this.oversized.set(entry, own);
      }
      this.renumber(this.byUser, hashUserId(this.userIdOf(entry)), last, entry);
      this.renumber(this.bySurrogate, hashSurrogate(this.surrogateOf(entry)), last, entry);
    }
    this.count = last;
    if (this.hand >= this.count) this.hand = 0;
  }

  private insertCell(table: Int32Array, hash: number, entry: number): void {
    const mask = table.length - 1;
    let cell = hash & mask;
    while (table[cell] !== 0) cell = (cell + 1) & mask;
    table[cell] = entry + 1;
  }

  private renumber(table: Int32Array, hash: number, from: number, to: number): void {
    const mask = table.length - 1;
    let cell = hash & mask;
    while (table[cell] !== from + 1) cell = (cell + 1) & mask;
    table[cell] = to + 1;
  }

  /** Backward-shift deletion: later cells of the probe run move up, so no tombstones pile up. */
  private deleteCell(table: Int32Array, entry: number, hashOf: (entry: number) => number): void {
    const mask = table.length - 1;
    let hole = this.cellOf(table, entry, hashOf(entry));
    for (let cell = (hole + 1) & mask; table[cell] !== 0; cell = (cell + 1) & mask) {
      const home = hashOf(table[cell] - 1) & mask;
      // The entry at `cell` may move into the hole when its home is not in (hole, cell].
      const between = hole <= cell ? home > hole && home <= cell : home > hole || home <= cell;
      if (!between) {
        table[hole] = table[cell];
        hole = cell;
      }
    }
    table[hole] = 0;
  }

  private cellOf(table: Int32Array, entry: number, hash: number): number {
    const mask = table.length - 1;
    let cell = hash & mask;
    while (table[cell] !== entry + 1) cell = (cell + 1) & mask;
    return cell;
  }

  private grow(entries: number): void {
    const slots = new Uint32Array(entries * SLOT_WORDS);
    slots.set(this.slots);
    const clock = new Uint8Array(entries);
    clock.set(this.clock);
    this.slots = slots;
    this.clock = clock;
    this.allocated = entries;
    const cells = tableSize(entries);
    if (cells !== this.byUser.length) {
      this.byUser = new Int32Array(cells);
      this.bySurrogate = new Int32Array(cells);
      for (let entry = 0; entry < this.count; entry++) {
        this.insertCell(this.byUser, hashUserId(this.userIdOf(entry)), entry);
        this.insertCell(this.bySurrogate, hashSurrogate(this.surrogateOf(entry)), entry);
      }
    }
  }
}

function userIdWords(length: number): number {
  return (length + 3) >> 2;
}

/** The smallest power of two at least twice the entries: load stays at or under 1/2. */
function tableSize(entries: number): number {
  let size = 2;
  while (size < entries * 2) size *= 2;
  return size;
}

/** FNV-1a over the id's bytes. */
function hashUserId(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A multiplicative mix: consecutive surrogates spread over the table. */
function hashSurrogate(surrogate: number): number {
  const h = Math.imul(surrogate ^ (surrogate >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
