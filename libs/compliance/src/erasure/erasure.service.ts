import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, NotFoundError, ValidationFailedError } from '@tagstream/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { AppConfig, ErasureStep } from '@tagstream/config';
import { EventStore, StreamDeletedError } from '@tagstream/eventstore';
import { COMPLIANCE_CLOCK } from '../disclosure/disclosure.service';
import { ClickHouseEraser } from './clickhouse-eraser';
import { ErasureRemoved } from './erasure-events';
import { ErasureRegistry, PendingErasure } from './erasure-registry';
import { ErasureTickets } from './erasure-ticket';
import { untilErasureVisible } from './erasure-visibility';
import { SubjectDirectoryRef } from './subject-directory.ref';

/** docs/contract.md §3 user id syntax; anything else cannot have a stream. */
const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export interface ErasureAnswer {
  /** Keyed hash under which the erasure is recorded; the id itself is not kept. */
  readonly userIdHash: string;
  readonly alreadyErased: boolean;
  readonly at: string;
  readonly removed: ErasureRemoved;
}

/** How a resume of a recorded erasure ended. */
export type ResumeOutcome = 'completed' | 'needs_request';

/**
 * DELETE /v1/users/{userId}. Order matters: a ticket holding the id is opened
 * and the erasure is recorded (so every projection skips the person from then
 * on, rebuilds included), then the raw events go (the `user-<id>` stream is
 * tombstoned and the store scavenged), then every ClickHouse row and bitmap
 * bit of the surrogate, then the surrogate mapping, then the ticket; the
 * completion is recorded last. Every step can be repeated: `resume` finishes
 * a recorded erasure from its ticket (`ErasureResumer` at start-up), and
 * repeating the request does too.
 * The answer waits until every serving index must have seen the record
 * (`ERASURE_VISIBILITY_MS`).
 */
@Injectable()
export class ErasureService {
  private readonly eraser: ClickHouseEraser;
  private readonly tickets: ErasureTickets;
  private readonly now: Clock;
  private readonly killAfter: ErasureStep | undefined;

  constructor(
    private readonly store: EventStore,
    ch: ClickHouse,
    private readonly registry: ErasureRegistry,
    private readonly directory: SubjectDirectoryRef,
    config: AppConfig,
    @Optional() @Inject(COMPLIANCE_CLOCK) clock?: Clock,
  ) {
    this.eraser = new ClickHouseEraser(ch);
    this.tickets = new ErasureTickets(store);
    this.now = clock ?? (() => new Date());
    this.killAfter = config.TEST_ERASURE_KILL_AFTER;
  }

  async erase(userId: string, by: string): Promise<ErasureAnswer> {
    assertUserId(userId);
    const directory = this.directory.require();
    // An erasure found already recorded was recorded before this read began.
    let recordedAt = performance.now();
    await this.registry.refresh();
    const userIdHash = this.registry.hashOf(userId);
    const alreadyErased = this.registry.isErasedHash(userIdHash);
    const surrogate = await directory.surrogateOf(userId);
    const stream = await this.describeStream(`user-${userId}`);
    if (!alreadyErased && surrogate === undefined && stream.events === 0 && !stream.deleted) {
      throw new NotFoundError(`no user ${userId} is known`, { userId });
    }
    const at = this.now().toISOString();
    if (!alreadyErased) {
      await this.tickets.open(userIdHash, userId);
      await this.registry.recordErased({ userIdHash, surrogate: surrogate ?? null, at, by });
      recordedAt = performance.now();
    }
    this.reached('record');
    const removed = await this.remove(userId, userIdHash, surrogate, stream.events);
    await this.registry.recordCompleted({ userIdHash, at: this.now().toISOString(), removed });
    // Every copy of labels must have seen the record before the answer says the person is gone.
    await untilErasureVisible(recordedAt);
    return { userIdHash, alreadyErased, at, removed };
  }

  /**
   * Finishes a recorded erasure (`UserErased` without `UserErasureCompleted`)
   * from its ticket. A closed ticket means every removal keyed by the id was
   * done; the scavenge and the ClickHouse step are repeated anyway (both are
   * idempotent) before the completion is recorded. Without a ticket (an
   * erasure recorded before tickets existed) only the surrogate's labels can
   * be removed: the id is needed for the rest, so the request must be repeated.
   */
  async resume(pending: PendingErasure): Promise<ResumeOutcome> {
    const ticket = await this.tickets.read(pending.userIdHash);
    if (ticket === undefined) {
      if (pending.surrogate !== null) await this.eraser.erase(pending.surrogate);
      return 'needs_request';
    }
    if (ticket === 'closed') {
      await this.store.scavenge();
      const clickhouse = pending.surrogate === null ? { rows: {}, bitmapsRewritten: 0 } : await this.eraser.erase(pending.surrogate);
      const removed: ErasureRemoved = { events: 0, streamDeleted: false, ...clickhouse, surrogateMappingDropped: false };
      await this.registry.recordCompleted({ userIdHash: pending.userIdHash, at: this.now().toISOString(), removed });
      return 'completed';
    }
    const surrogate = pending.surrogate ?? (await this.directory.require().surrogateOf(ticket.userId));
    const stream = await this.describeStream(`user-${ticket.userId}`);
    const removed = await this.remove(ticket.userId, pending.userIdHash, surrogate ?? undefined, stream.events);
    await this.registry.recordCompleted({ userIdHash: pending.userIdHash, at: this.now().toISOString(), removed });
    return 'completed';
  }

  /** Steps 2-5: every removal, each safe to repeat. */
  private async remove(userId: string, userIdHash: string, surrogate: number | undefined, events: number): Promise<ErasureRemoved> {
    const streamDeleted = await this.tombstone(`user-${userId}`);
    // Tombstoning only hides the events; the scavenge removes them from disk (also on a retry).
    await this.store.scavenge();
    this.reached('events');
    const clickhouse = surrogate === undefined ? { rows: {}, bitmapsRewritten: 0 } : await this.eraser.erase(surrogate);
    this.reached('labels');
    const surrogateMappingDropped = await this.directory.require().forget(userId);
    this.reached('mapping');
    await this.tickets.close(userIdHash);
    this.reached('ticket');
    return { events, streamDeleted, rows: clickhouse.rows, bitmapsRewritten: clickhouse.bitmapsRewritten, surrogateMappingDropped };
  }

  /** The test-only crash hook (`TEST_ERASURE_KILL_AFTER`): stops the process as a power cut would. */
  private reached(step: ErasureStep): void {
    if (this.killAfter === step) process.kill(process.pid, 'SIGKILL');
  }

  private async describeStream(stream: string): Promise<{ events: number; deleted: boolean }> {
    let events = 0;
    try {
      for await (const _ of this.store.readStream(stream)) events++;
    } catch (error) {
      if (error instanceof StreamDeletedError) return { events: 0, deleted: true };
      throw error;
    }
    return { events, deleted: false };
  }

  /** True when this call deleted the stream; false when it was already gone. */
  private async tombstone(stream: string): Promise<boolean> {
    try {
      await this.store.tombstoneStream(stream);
      return true;
    } catch (error) {
      if (error instanceof StreamDeletedError) return false;
      throw error;
    }
  }
}

function assertUserId(userId: string): void {
  if (!USER_ID.test(userId)) {
    throw new ValidationFailedError('userId is not a platform user id', [
      { path: 'userId', rule: 'pattern', message: 'must be 1-64 characters of [A-Za-z0-9_.-]' },
    ]);
  }
}
