import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '@tagstream/common';

/**
 * Platform user id → surrogate, read-only. The mapping lives on the
 * event-store side and belongs to the projection; the app binds its lookup to
 * `USER_SURROGATES`. Users never seen are absent from the answer.
 */
export interface UserSurrogateLookup {
  surrogatesOf(userIds: readonly string[]): Promise<Map<string, number>>;
}

export const USER_SURROGATES = Symbol('USER_SURROGATES');

/** Bound until the app provides the projection's lookup: the recommender routes answer 503. */
@Injectable()
export class UnboundUserSurrogates implements UserSurrogateLookup {
  surrogatesOf(): Promise<Map<string, number>> {
    return Promise.reject(new ServiceUnavailableError('the user id mapping is not available in this process'));
  }
}
