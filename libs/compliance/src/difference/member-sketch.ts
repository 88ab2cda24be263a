import { memberHash, OFFSET_LEVELS, OFFSETS, offsetHash, SketchKey } from './member-hash';

/**
 * A bounded fingerprint of the member set behind one released number, and the
 * test that tells whether two such sets may differ by 1 … floor−1 people.
 *
 * Two keyed hashes (the tenant never sees either): g of a member's offset (its
 * surrogate's low 16 bits) and h of the member. An answer of n people has the
 * `level` L, the smallest with n / 2^L ≤ SKETCH_CAPACITY, and keeps its
 * members in the sample S_L:
 *   L ≤ OFFSET_LEVELS:  g(offset) < 2^(32−L)
 *   L > OFFSET_LEVELS:  g(offset) < 2^(32−OFFSET_LEVELS) and h(member) < 2^(32−(L−OFFSET_LEVELS))
 * so every member when n ≤ 256, otherwise about 128–256 of them. S_L+1 ⊆ S_L,
 * so two sketches are compared at the coarser of their levels.
 *
 * Each offset is in the sample independently with probability 2^−L (up to
 * OFFSET_LEVELS; above, an offset is counted with probability at most
 * (its members in A Δ B)·2^−L). So X, the number of distinct offsets among
 * the sampled people of A Δ B, is at most Binomial(floor−1, 2^−L) in its upper
 * tail when |A Δ B| < floor (Hoeffding, 1956, for the second case).
 */
export const SKETCH_CAPACITY = 256;

/** A sketch never keeps more than this many members: a larger sample moves up a level. */
export const SKETCH_HARD_LIMIT = 2 * SKETCH_CAPACITY;

/**
 * The chance that a pair whose sets differ by fewer than the floor is taken
 * for one that differs by at least the floor, when the sketches are samples
 * (level > 0). Sketches of up to SKETCH_CAPACITY members are exact.
 */
export const FALSE_RELEASE_PROBABILITY = 1e-6;

export interface MemberSketch {
  /** Exact number of members. */
  readonly size: number;
  /** Sampling level; 0 keeps every member. */
  readonly level: number;
  /** Kept members (surrogates), ascending. */
  readonly members: Uint32Array;
  /** g of each kept member's offset, aligned with `members`. */
  readonly offsetHashes: Uint32Array;
  /** h of each kept member, aligned with `members`. */
  readonly memberHashes: Uint32Array;
}

/** `same`: the same set; `far`: they differ by at least the floor; `near`: they may differ by 1 … floor−1. */
export type SketchVerdict = 'same' | 'far' | 'near';

/** The sampling level the service uses for an answer of `size` members. */
export function sketchLevel(size: number): number {
  let level = 0;
  while (size / 2 ** level > SKETCH_CAPACITY) level += 1;
  return level;
}

/** Whether a member with hashes g, h is in the sample of `level`. */
export function inSample(level: number, g: number, h: number): boolean {
  if (level <= OFFSET_LEVELS) return g < 2 ** (32 - level);
  return g < 2 ** (32 - OFFSET_LEVELS) && h < 2 ** (32 - (level - OFFSET_LEVELS));
}

/**
 * A sketch from the kept members of an answer with their g and h (any order),
 * at `level`; moved up a level while it holds more than SKETCH_HARD_LIMIT
 * members, so memory per answer is bounded whatever the sample's luck.
 */
export function toSketch(size: number, level: number, members: ArrayLike<number>, offsetHashes: ArrayLike<number>, memberHashes: ArrayLike<number>): MemberSketch {
  let order = Array.from({ length: members.length }, (_, i) => i).sort((x, y) => members[x] - members[y]);
  while (order.length > SKETCH_HARD_LIMIT) {
    level += 1;
    order = order.filter((i) => inSample(level, offsetHashes[i], memberHashes[i]));
  }
  return {
    size,
    level,
    members: Uint32Array.from(order, (i) => members[i]),
    offsetHashes: Uint32Array.from(order, (i) => offsetHashes[i]),
    memberHashes: Uint32Array.from(order, (i) => memberHashes[i]),
  };
}

/** The sketch of a known member list, exactly as the segment queries compute it (for tests and benchmarks). */
export function sketchOfMembers(key: SketchKey, members: readonly number[]): MemberSketch {
  const level = sketchLevel(members.length);
  const kept = members.filter((u) => inSample(level, offsetHash(key, u), memberHash(key, u)));
  return toSketch(members.length, level, kept, kept.map((u) => offsetHash(key, u)), kept.map((u) => memberHash(key, u)));
}

/**
 * Compares the member sets behind two answers. Sound in one direction: `far`
 * and `same` are only said when the sets cannot (exact sketches) or can only
 * with probability FALSE_RELEASE_PROBABILITY (samples) differ by 1 … floor−1.
 */
export function compareSketches(a: MemberSketch, b: MemberSketch, floor: number): SketchVerdict {
  if (Math.abs(a.size - b.size) >= floor) return 'far';
  const level = Math.max(a.level, b.level);
  const enough = level === 0 ? floor : releaseThreshold(floor, level);
  const differing = differingUnder(a, b, level, enough);
  if (differing === 0) return a.size === b.size ? 'same' : 'near';
  return differing >= enough ? 'far' : 'near';
}

/**
 * People of A Δ B in the sample of `level` (level 0: every member), counted as
 * distinct offsets when sampled; stops at `enough`.
 */
function differingUnder(a: MemberSketch, b: MemberSketch, level: number, enough: number): number {
  const offsets = new Set<number>();
  let count = 0;
  const note = (member: number) => {
    if (level === 0) count += 1;
    else offsets.add(member % OFFSETS);
  };
  let i = 0;
  let j = 0;
  while (i < a.members.length || j < b.members.length) {
    if (i < a.members.length && !inSample(level, a.offsetHashes[i], a.memberHashes[i])) {
      i += 1;
      continue;
    }
    if (j < b.members.length && !inSample(level, b.offsetHashes[j], b.memberHashes[j])) {
      j += 1;
      continue;
    }
    const x = i < a.members.length ? a.members[i] : Infinity;
    const y = j < b.members.length ? b.members[j] : Infinity;
    if (x === y) {
      i += 1;
      j += 1;
      continue;
    }
    if (x < y) {
      note(x);
      i += 1;
    } else {
      note(y);
      j += 1;
    }
    if (Math.max(count, offsets.size) >= enough) break;
  }
  return Math.max(count, offsets.size);
}

const thresholds = new Map<string, number>();

/**
 * The smallest count x of sampled differing offsets such that, were the sets
 * only floor−1 apart, seeing x or more would have probability at most
 * FALSE_RELEASE_PROBABILITY: P(Binomial(floor−1, 2^−level) ≥ x) ≤ ε.
 */
export function releaseThreshold(floor: number, level: number): number {
  const key = `${floor}:${level}`;
  const known = thresholds.get(key);
  if (known !== undefined) return known;
  const n = floor - 1;
  const p = 2 ** -level;
  // Log-space pmf, then the tail summed from the top; n is at most the floor.
  const logPmf: number[] = [];
  let log = n * Math.log1p(-p);
  for (let k = 0; k <= n; k += 1) {
    logPmf.push(log);
    log += Math.log(n - k) - Math.log(k + 1) + Math.log(p) - Math.log1p(-p);
  }
  let tail = 0;
  let x = n + 1;
  while (x > 0 && tail + Math.exp(logPmf[x - 1]) <= FALSE_RELEASE_PROBABILITY) {
    tail += Math.exp(logPmf[x - 1]);
    x -= 1;
  }
  thresholds.set(key, x);
  return x;
}
