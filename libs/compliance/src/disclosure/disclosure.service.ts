import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, systemClock } from '@tagstream/common';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { currentRequestId } from '@tagstream/http';
import { AuditWriter, combineExposures } from '../audit/audit-writer';
import { ExposureRecordedData, ExposureRecordInput } from '../audit/exposure-record';
import { CountCandidate, DifferenceCheck, DifferenceDecision } from '../difference/difference-check';
import { deriveSketchKey, SketchKey } from '../difference/member-hash';
import { BelowFloorError } from './below-floor.error';
import { FlooredCount, FlooredShare, floorCount, floorShare } from './floor';
import { GroupCommitAppender } from './group-commit-appender';
import { Pseudonymizer } from './pseudonym';

/** A number as released: floored, or withheld by the difference check (`reason: 'difference'`). */
export interface ReleasedCount extends FlooredCount {
  readonly reason?: 'difference';
}

/** The numbers of one answer after the floor and the difference check; pass it to `auditRelease`. */
export interface CountRelease {
  readonly counts: readonly ReleasedCount[];
  readonly decision: DifferenceDecision;
}

/** Optional injection token for the clock the audit records are stamped with. */
export const COMPLIANCE_CLOCK = Symbol('COMPLIANCE_CLOCK');

/**
 * The one place every number and member list passes before it leaves the
 * service: the privacy floor and the difference check, snapshot-scoped pseudonyms and the exposure audit.
 * Routes call it rather than apply the rules themselves, so a rule changes in
 * one place.
 */
@Injectable()
export class DisclosureService {
  readonly floor: number;
  private readonly pseudonyms: Pseudonymizer;
  private readonly writer: AuditWriter;
  /** Secret of the member hash the segment queries sketch answers with. */
  readonly sketchKey: SketchKey;
  readonly differences: DifferenceCheck;

  constructor(
    config: AppConfig,
    store: EventStore,
    @Optional() @Inject(COMPLIANCE_CLOCK) clock?: Clock,
  ) {
    this.floor = config.MIN_AUDIENCE_SIZE;
    this.pseudonyms = new Pseudonymizer(config.PSEUDONYM_KEY);
    this.sketchKey = deriveSketchKey(config.PSEUDONYM_KEY);
    this.differences = new DifferenceCheck(
      {
        floor: config.MIN_AUDIENCE_SIZE,
        enabled: config.DIFFERENCE_CHECK !== 'off',
        retentionMs: config.DIFFERENCE_CHECK_RETENTION_DAYS * 86_400_000,
        maxAnswers: config.DIFFERENCE_CHECK_MAX_ANSWERS,
      },
      clock ?? systemClock,
    );
    // Concurrent requests' records share appends, and one event; each still waits for its own to be durable.
    this.writer = new AuditWriter(new GroupCommitAppender(store, undefined, combineExposures), { now: clock ?? systemClock, requestId: currentRequestId });
  }

  /** A size or count as it may be released: `null` and `belowFloor` strictly under the floor. */
  count(n: number): FlooredCount {
    return floorCount(n, this.floor);
  }

  /** A share `part / whole`: hidden when either count is under the floor. */
  share(part: number, whole: number): FlooredShare {
    return floorShare(part, whole, this.floor);
  }

  /**
   * The numbers of one answer to a tenant, in the order given: each is floored,
   * then checked against the member sets behind what the tenant was given
   * before (and the earlier numbers of this answer). A number whose set
   * differs from a remembered one by 1 … floor−1 people is withheld
   * (`value: null`, `belowFloor: true`, `reason: 'difference'`). Platform
   * roles (no tenant) get the floor only. Released numbers are remembered at
   * once; `auditRelease` then binds them to their record, or forgets them if
   * the record cannot be written.
   */
  releaseCounts(
    principal: { tenant?: string },
    about: { action: string; expressionHash?: string | null },
    candidates: readonly CountCandidate[],
  ): CountRelease {
    const floored = candidates.map((c) => this.count(c.sketch.size));
    const open = candidates.filter((_, i) => !floored[i].belowFloor);
    const decision = principal.tenant
      ? this.differences.decide(principal.tenant, about, open)
      : new DifferenceDecision(open.map(() => ({ released: true })), [], undefined);
    let next = 0;
    const counts = floored.map((count): ReleasedCount => {
      if (count.belowFloor) return count;
      const verdict = decision.verdicts[next++];
      return verdict.released ? count : { value: null, belowFloor: true, reason: 'difference' };
    });
    return { counts, decision };
  }

  /** The numbers of two releases of one answer, as one release (e.g. a segment's size, then its shares once the size is out). */
  combineReleases(a: CountRelease, b: CountRelease): CountRelease {
    return { counts: [...a.counts, ...b.counts], decision: DifferenceDecision.both(a.decision, b.decision) };
  }

  /** `audit`, with the refusals of `release` in the record; what it released is then bound to the record, or forgotten on failure. */
  async auditRelease(record: ExposureRecordInput, release: CountRelease): Promise<ExposureRecordedData> {
    const refusals = release.decision.refusals;
    try {
      const written = await this.writer.write(refusals.length > 0 ? { ...record, refusals } : record);
      release.decision.confirm(written.recordId);
      return written;
    } catch (error) {
      release.decision.cancel();
      throw error;
    }
  }

  /** Throws `BelowFloorError` when `n` people are too few to release as a list (snapshots). */
  requireAtLeastFloor(n: number, what = 'the audience'): void {
    if (floorCount(n, this.floor).belowFloor) throw new BelowFloorError(what, this.floor);
  }

  /** The id a tenant sees for a person in one snapshot: stable within it, unrelated between snapshots and between tenants. */
  pseudonymize(tenant: string, surrogate: number, snapshotId: string): string {
    return this.pseudonyms.pseudonymize(tenant, surrogate, snapshotId);
  }

  /**
   * Appends the exposure record of an answer; call it before the answer is
   * sent. Throws `ServiceUnavailableError` when the record cannot be written,
   * and the caller must then fail the request.
   */
  async audit(record: ExposureRecordInput): Promise<void> {
    await this.writer.write(record);
  }

  /** As `audit`, returning the stored record (its id and time). */
  async auditRecord(record: ExposureRecordInput): Promise<ExposureRecordedData> {
    return this.writer.write(record);
  }
}
