import { Upcaster } from './upcaster';

/**
 * FundViewed v0 predates dwell measurement and has no `dwellSeconds`.
 *
 * Decision: read it as `dwellSeconds: 0`. A v0 view carries no evidence that
 * the user actually looked at the fund, and `viewed:<category>` is defined as a
 * view of at least 5 seconds, so old views count towards `active` and
 * `inst:<id>:engaged` but never claim engagement they cannot show. A v0 event
 * that somehow carries `dwellSeconds` keeps its value.
 */
export const fundViewedV0Upcaster: Upcaster = {
  type: 'FundViewed',
  fromVersion: 0,
  upcast: (data) => ({ ...data, dwellSeconds: data.dwellSeconds ?? 0 }),
};
