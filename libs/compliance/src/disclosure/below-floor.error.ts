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
