/**
 * Typed errors with stable codes. Libraries throw these; the HTTP layer maps
 * them to responses in exactly one place (the exception filter), so a code
 * means the same thing on every route.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;

  constructor(
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem with one field of the input. `path` is a dotted/indexed path such as `events[3].data.amount`. */
export interface FieldProblem {
  path: string;
  rule: string;
  message: string;
  index?: number;
}

/** The most problems one error answer lists; a body of 1 000 bad items must not earn a reply many times its size. */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * `problems` keeps every problem found; the answer (`details`) lists the first
 * MAX_LISTED_PROBLEMS of them and, when some were left out, how many
 * (`omittedProblems`).
 */
export class ValidationFailedError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(message: string, readonly problems: FieldProblem[] = []) {
    super(message, listedProblems(problems));
  }
}

function listedProblems(problems: FieldProblem[]): { problems: FieldProblem[]; omittedProblems?: number } {
  if (problems.length <= MAX_LISTED_PROBLEMS) return { problems };
  return { problems: problems.slice(0, MAX_LISTED_PROBLEMS), omittedProblems: problems.length - MAX_LISTED_PROBLEMS };
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}

export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
}

/** A dependency (event store, ClickHouse) failed or is saturated; the same request may be retried. */
export class ServiceUnavailableError extends AppError {
  readonly code = 'unavailable';
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, { retryable: true, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) }, options);
  }
}
