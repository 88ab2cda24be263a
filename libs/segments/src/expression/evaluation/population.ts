import { TagKind } from '../expression.types';
import { UtcDay } from '../as-of';

/**
 * A small labelled population, shaped like what the projector leaves behind:
 * per user the current state tags, per activity tag the count of each UTC day,
 * and consent. Used by the in-memory evaluator and by tests that load the same
 * users into ClickHouse.
 */
export interface PopulationUser {
  /** Dense surrogate id (ClickHouse `UInt32`). */
  readonly userId: number;
  /** Consent: false when the user's last `MarketingConsentChanged` said `personalized: false`. */
  readonly personalized: boolean;
  readonly stateTags: readonly string[];
  /** Activity tag → UTC day → how many events that day counted for it (≥ 1; absent means 0). */
  readonly dailyCounts: Readonly<Record<string, Readonly<Record<UtcDay, number>>>>;
}

export interface Population {
  /** Kind of every tag an expression over this population may use (macros excepted). */
  readonly tagKinds: Readonly<Record<string, TagKind>>;
  readonly users: readonly PopulationUser[];
}

/** Every event counts one for `active` (docs/contract.md §4), so a user has a projected event exactly when `active` counted something. */
export const ACTIVE_TAG = 'active';
