/**
 * A bounded fingerprint of the member set behind one released number, and the
 * test that tells whether two such sets may differ by 1 … floor−1 people.
 *
 * Every member is hashed with a keyed 64-bit mix (the tenant never sees a
 * hash); the top 32 bits are kept. An answer of n people keeps the members
 * whose hash falls under 2^(32−level), where `level` is the smallest with
 * n / 2^level ≤ SKETCH_CAPACITY: every member when n ≤ 256, otherwise a
 * sample of about 128–256 in which each member is included independently with
 * probability 2^−level. Samples of two answers are compared at the coarser of
 * their two levels, so the people of A Δ B in the sample are counted exactly:
 * X ~ Binomial(|A Δ B|, 2^−level).
 */
export const SKETCH_CAPACITY = 256;

/** A sketch never keeps more than this many hashes: a larger sample moves up a level. */
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
  /** Sampling level: hashes under 2^(32−level) are kept; 0 keeps every member. */
  readonly level: number;
  /** Kept hashes (top 32 bits of the keyed hash), ascending. */
  readonly hashes: Uint32Array;
}

/** `same`: the same set; `far`: they differ by at least the floor; `near`: they may differ by 1 … floor−1. */
export type SketchVerdict = 'same' | 'far' | 'near';

/** The sampling level the service uses for an answer of `size` members. */
export function sketchLevel(size: number): number {
  let level = 0;
  while (size / 2 ** level > SKETCH_CAPACITY) level += 1;
  return level;
}

/**
 * A sketch from the kept hashes of an answer (any order), at `level`; moved
 * up a level while it holds more than SKETCH_HARD_LIMIT hashes, so memory per
 * answer is bounded whatever the sample's luck.
 */
export function toSketch(size: number, level: number, kept: Iterable<number>): MemberSketch {
  let hashes = Uint32Array.from(kept).sort();
  while (hashes.length > SKETCH_HARD_LIMIT) {
    level += 1;
    const limit = 2 ** (32 - level);
    hashes = hashes.filter((h) => h < limit);
  }
  return { size, level, hashes };
}

/**
 * Compares the member sets behind two answers. Sound in one direction: `far`
 * and `same` are only said when the sets cannot (exact sketches) or can only
 * with probability FALSE_RELEASE_PROBABILITY (samples) differ by 1 … floor−1.
 */
export function compareSketches(a: MemberSketch, b: MemberSketch, floor: number): SketchVerdict {
  if (Math.abs(a.size - b.size) >= floor) return 'far';
  const level = Math.max(a.level, b.level);
  const differing = symmetricDifferenceUnder(a.hashes, b.hashes, 2 ** (32 - level));
  if (differing === 0 && a.size === b.size) return 'same';
  if (level === 0) return differing >= floor ? 'far' : 'near';
  return differing >= releaseThreshold(floor, level) ? 'far' : 'near';
}

/** |A Δ B| among the hashes under `limit`, counting duplicates as distinct people. */
function symmetricDifferenceUnder(a: Uint32Array, b: Uint32Array, limit: number): number {
  let i = 0;
  let j = 0;
  let differing = 0;
  while (true) {
    const x = i < a.length && a[i] < limit ? a[i] : Infinity;
    const y = j < b.length && b[j] < limit ? b[j] : Infinity;
    if (x === Infinity && y === Infinity) return differing;
    if (x === y) {
      i += 1;
      j += 1;
    } else if (x < y) {
      differing += 1;
      i += 1;
    } else {
      differing += 1;
      j += 1;
    }
  }
}

const thresholds = new Map<string, number>();

/**
 * The smallest count x of sampled differing people such that, were the sets
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
