import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, systemClock } from '@tagstream/common';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { currentRequestId } from '@tagstream/http';
import { AuditWriter, combineExposures } from '../audit/audit-writer';
import { ExposureRecordedData, ExposureRecordInput } from '../audit/exposure-record';
import { BelowFloorError } from './below-floor.error';
import { FlooredCount, FlooredShare, floorCount, floorShare } from './floor';
import { GroupCommitAppender } from './group-commit-appender';
import { Pseudonymizer } from './pseudonym';

/** Optional injection token for the clock the audit records are stamped with. */
export const COMPLIANCE_CLOCK = Symbol('COMPLIANCE_CLOCK');

/**
 * The one place every number and member list passes before it leaves the
 * service: the privacy floor, tenant-scoped pseudonyms and the exposure audit.
 * Routes call it rather than apply the rules themselves, so a rule changes in
 * one place.
 */
@Injectable()
export class DisclosureService {
  readonly floor: number;
  private readonly pseudonyms: Pseudonymizer;
  private readonly writer: AuditWriter;

  constructor(
    config: AppConfig,
    store: EventStore,
    @Optional() @Inject(COMPLIANCE_CLOCK) clock?: Clock,
  ) {
    this.floor = config.MIN_AUDIENCE_SIZE;
    this.pseudonyms = new Pseudonymizer(config.PSEUDONYM_KEY);
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

  /** Throws `BelowFloorError` when `n` people are too few to release as a list (snapshots). */
  requireAtLeastFloor(n: number, what = 'the audience'): void {
    if (floorCount(n, this.floor).belowFloor) throw new BelowFloorError(what, this.floor);
  }

  /** The id a tenant sees for a person: stable for that tenant, unrelated between tenants. */
  pseudonymize(tenant: string, surrogate: number): string {
    return this.pseudonyms.pseudonymize(tenant, surrogate);
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
