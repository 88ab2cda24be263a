/**
 * An event the rules cannot handle (unknown type, a field a rule needs is
 * missing or out of range, an unreadable `occurredAt`). The fold rejects the
 * whole event, so no rule applies half of it; the projector dead-letters it.
 */
export class UnprocessableEventError extends Error {
  readonly code = 'unprocessable_event';

  constructor(
    readonly reason: string,
    readonly field?: string,
  ) {
    super(field ? `${field} ${reason}` : reason);
    this.name = 'UnprocessableEventError';
  }
}
