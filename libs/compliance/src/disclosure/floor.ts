/** A number as it may leave the service: the value, or no value when it is under the floor. */
export interface FlooredCount {
  readonly value: number | null;
  readonly belowFloor: boolean;
}

/** A share (0..1) as it may leave the service. */
export interface FlooredShare {
  readonly value: number | null;
  readonly belowFloor: boolean;
}

/** docs/contract.md §5: strictly under the floor is hidden; exactly the floor is shown. */
export function floorCount(n: number, floor: number): FlooredCount {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`a count must be a non-negative number, got ${n}`);
  return n < floor ? { value: null, belowFloor: true } : { value: n, belowFloor: false };
}

/**
 * A share `part / whole` is hidden when the people it counts (`part`) are under
 * the floor, and when the whole is: otherwise a share and a known whole give
 * the hidden count back.
 */
export function floorShare(part: number, whole: number, floor: number): FlooredShare {
  if (floorCount(part, floor).belowFloor || floorCount(whole, floor).belowFloor || whole === 0) {
    return { value: null, belowFloor: true };
  }
  return { value: part / whole, belowFloor: false };
}
