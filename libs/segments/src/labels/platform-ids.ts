import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '@tagstream/common';

/**
 * Surrogate → platform user id, read-only: the reverse of `USER_SURROGATES`.
 * Platform ids never reach ClickHouse, so this is served from the event-store
 * side (the projection's mapping streams); the app binds it to `PLATFORM_IDS`.
 * Surrogates without a live mapping are absent from the answer.
 */
export interface PlatformIdLookup {
  platformIdsOf(surrogates: readonly number[]): Promise<Map<number, string>>;
}

export const PLATFORM_IDS = Symbol('PLATFORM_IDS');

/** Bound until the app provides the projection's lookup: the delivery route answers 503. */
@Injectable()
export class UnboundPlatformIds implements PlatformIdLookup {
  platformIdsOf(): Promise<Map<number, string>> {
    return Promise.reject(new ServiceUnavailableError('the surrogate to platform id mapping is not available in this process'));
  }
}
