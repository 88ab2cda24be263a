import { FieldProblem, ValidationFailedError } from '@tagstream/common';
import { DomainEvent } from '@tagstream/events';

/** Injection token of the intake's view of erased people (compliance's `ErasureRegistry` fits). */
export const ERASED_USERS = Symbol('ERASED_USERS');

/** People erased through `DELETE /v1/users/{userId}`, as of the last `refresh()`. */
export interface ErasedUsers {
  refresh(): Promise<void>;
  isErased(userId: string): boolean;
}

/** How old the view of erasures may be before a batch reads the new ones (erasures made in this process count at once). */
export const ERASURES_MAX_AGE_MS = 1_000;

/**
 * Refuses a batch holding events of an erased person before anything of it is
 * written, with a 400 naming each such event: their stream is tombstoned, so
 * the store would refuse those appends anyway, but only after the other users'
 * events of the same batch were stored. The view is read again at most once a
 * second: an erasure recorded by another process within that second is still
 * refused by the store, as before.
 */
export class ErasedUsersCheck {
  private refreshedAt = -Infinity;

  constructor(
    private readonly erased: ErasedUsers,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async refuse(events: readonly DomainEvent[]): Promise<void> {
    if (this.now() - this.refreshedAt >= ERASURES_MAX_AGE_MS) {
      await this.erased.refresh();
      this.refreshedAt = this.now();
    }
    const verdicts = new Map<string, boolean>();
    const problems: FieldProblem[] = [];
    events.forEach((event, index) => {
      let isErased = verdicts.get(event.userId);
      if (isErased === undefined) verdicts.set(event.userId, (isErased = this.erased.isErased(event.userId)));
      if (isErased) {
        problems.push({ index, path: `events[${index}].userId`, rule: 'erased', message: 'this user was erased; events for them are not accepted' });
      }
    });
    if (problems.length > 0) {
      throw new ValidationFailedError(`the batch was rejected: ${problems.length} event(s) are for erased users, nothing was written`, problems);
    }
  }
}
