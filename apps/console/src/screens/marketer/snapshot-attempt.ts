import type { Snapshot } from '../../api/api-types';
import { ApiError } from '../../api/api-client';
import type { Translate } from '../../i18n/i18n';

/**
 * The outcome of the last "Take snapshot": either the snapshot it made or
 * the refusal, never both, so a refusal is not shown next to an earlier
 * snapshot as if it were about that one.
 */
export type SnapshotAttempt =
  | { kind: 'taken'; snapshot: Snapshot }
  | { kind: 'refused'; error: unknown; productRiskLevel?: string; at: string };

/**
 * Why a snapshot was refused, in the chosen language. A `below_floor` with a
 * product risk level is the suitability rule leaving too few people, worded
 * as such; without one the segment itself is under the floor.
 * `difference_refused` is the difference check. Anything else is undefined,
 * and the screen shows the general API error.
 */
export function snapshotRefusal(error: unknown, productRiskLevel: string | undefined, t: Translate): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'below_floor') {
    return productRiskLevel ? t('snapshots.refusedSuitability', { level: productRiskLevel }) : t('snapshots.refusedBelowFloor');
  }
  if (error.code === 'difference_refused') return t('snapshots.refusedDifference');
  return undefined;
}
