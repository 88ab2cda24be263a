import { createHmac } from 'node:crypto';

/** The secret of the member hash; bound into queries as two UInt64 parameters, never shown to a tenant. */
export interface SketchKey {
  readonly k1: bigint;
  readonly k2: bigint;
}

/** Derived from the pseudonym key under its own label, so a leaked query log does not reveal that key. */
export function deriveSketchKey(secret: string): SketchKey {
  const digest = createHmac('sha256', secret).update('difference-sketch').digest();
  return { k1: digest.readBigUInt64BE(0), k2: digest.readBigUInt64BE(8) };
}

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

/**
 * The member hash of a surrogate: top 32 bits of
 * `intHash64(intHash64(u xor k1) xor k2)`, the same as the SQL the segment
 * queries run, so sketches built here and in ClickHouse agree.
 */
export function memberHash(key: SketchKey, surrogate: number): number {
  return Number(intHash64(intHash64(BigInt(surrogate) ^ key.k1) ^ key.k2) >> 32n);
}
