import { createHmac } from 'node:crypto';

/** The secret of the member hashes; bound into queries as two UInt64 parameters, never shown to a tenant. */
export interface SketchKey {
  readonly k1: bigint;
  readonly k2: bigint;
}

/** Derived from the pseudonym key under its own label, so a leaked query log does not reveal that key. */
export function deriveSketchKey(secret: string): SketchKey {
  const digest = createHmac('sha256', secret).update('difference-sketch').digest();
  return { k1: digest.readBigUInt64BE(0), k2: digest.readBigUInt64BE(8) };
}

/** Users per bucket (`user >> 16`): a user's offset is its low 16 bits. */
export const OFFSETS = 65_536;

/**
 * Levels up to this one sample by offset alone; above it, by the offsets of
 * this level and then by member. Its offsets (about 256 of 65 536) are what a
 * query intersects each bucket with, so a large answer is sampled without
 * reading every member.
 */
export const OFFSET_LEVELS = 8;

const MASK = (1n << 64n) - 1n;

/** ClickHouse's `intHash64` (murmur3's finaliser of x xor a fixed constant). */
function intHash64(x: bigint): bigint {
  x ^= 0x4cf2d2baae6da887n;
  x ^= x >> 33n;
  x = (x * 0xff51afd7ed558ccdn) & MASK;
  x ^= x >> 33n;
  x = (x * 0xc4ceb9fe1a85ec53n) & MASK;
  x ^= x >> 33n;
  return x;
}

function keyed(x: number, a: bigint, b: bigint): number {
  return Number(intHash64(intHash64(BigInt(x) ^ a) ^ b) >> 32n);
}

/** g: the keyed hash of a surrogate's offset (low 16 bits), as the segment queries compute it. */
export function offsetHash(key: SketchKey, surrogate: number): number {
  return keyed(surrogate % OFFSETS, key.k1, key.k2);
}

/** h: the keyed hash of a surrogate itself (keys swapped, independent of g), as the segment queries compute it. */
export function memberHash(key: SketchKey, surrogate: number): number {
  return keyed(surrogate, key.k2, key.k1);
}

const offsetLists = new WeakMap<SketchKey, readonly number[]>();

/** The offsets a bucket is intersected with above OFFSET_LEVELS: those whose g is under 2^(32 − OFFSET_LEVELS). */
export function sampleOffsets(key: SketchKey): readonly number[] {
  let list = offsetLists.get(key);
  if (!list) {
    const limit = 2 ** (32 - OFFSET_LEVELS);
    list = Array.from({ length: OFFSETS }, (_, o) => o).filter((o) => offsetHash(key, o) < limit);
    offsetLists.set(key, list);
  }
  return list;
}
