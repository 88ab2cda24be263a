import { AppError } from '@tagstream/common';

/**
 * An answer that would single out fewer people than the privacy floor allows
 * (a snapshot under `MIN_AUDIENCE_SIZE`). The size itself is never put in the
 * error: it would leak exactly what the floor hides.
 */
export class BelowFloorError extends AppError {
  readonly code = 'below_floor';
  readonly status = 422;

  constructor(what: string, readonly floor: number) {
    super(`${what} is below the privacy floor of ${floor} and cannot be released`, { floor });
  }
}

/**
 * A snapshot whose people differ from an earlier answer of the same tenant by
 * 1 … floor−1 (the difference check): its list, with the earlier number or
 * list, would single out that group. The error names the earlier answer's
 * action and time, never a size.
 */
export class DifferenceRefusedError extends AppError {
  readonly code = 'difference_refused';
  readonly status = 422;

  constructor(what: string, floor: number, against: { recordId: string | null; action: string; at: string }) {
    super(`${what} differs from an earlier answer (${against.action} at ${against.at}) by fewer than ${floor} people and cannot be released`, {
      floor,
      reason: 'difference',
      checkedAgainst: against,
    });
  }
}
