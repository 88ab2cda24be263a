import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, NotFoundError, ValidationFailedError } from '@tagstream/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { EventStore, StreamDeletedError } from '@tagstream/eventstore';
import { COMPLIANCE_CLOCK } from '../disclosure/disclosure.service';
import { ClickHouseEraser } from './clickhouse-eraser';
import { ErasureRemoved } from './erasure-events';
import { ErasureRegistry } from './erasure-registry';
import { untilErasureVisible } from './erasure-visibility';
import { SubjectDirectoryRef } from './subject-directory.ref';

/** DESIGN §3 user id syntax; anything else cannot have a stream. */
const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export interface ErasureAnswer {
  /** Keyed hash under which the erasure is recorded; the id itself is not kept. */
  readonly userIdHash: string;
  readonly alreadyErased: boolean;
  readonly at: string;
  readonly removed: ErasureRemoved;
}

/**
 * DELETE /v1/users/{userId}. Order matters: the erasure is recorded first (so
 * every projection skips the person from then on, rebuilds included), then the
 * raw events go (the `user-<id>` stream is tombstoned and the store scavenged), then every ClickHouse
 * row and bitmap bit of the surrogate, then the surrogate mapping. Repeating
 * the request finishes an erasure that failed half-way. The answer waits until
 * every serving index must have seen the record (`ERASURE_VISIBILITY_MS`).
 */
@Injectable()
export class ErasureService {
  private readonly eraser: ClickHouseEraser;
  private readonly now: Clock;

  constructor(
    private readonly store: EventStore,
    ch: ClickHouse,
    private readonly registry: ErasureRegistry,
    private readonly directory: SubjectDirectoryRef,
    @Optional() @Inject(COMPLIANCE_CLOCK) clock?: Clock,
  ) {
    this.eraser = new ClickHouseEraser(ch);
    this.now = clock ?? (() => new Date());
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
      await this.registry.recordErased({ userIdHash, surrogate: surrogate ?? null, at, by });
      recordedAt = performance.now();
    }

    const streamDeleted = await this.tombstone(`user-${userId}`);
    // Tombstoning only hides the events; the scavenge removes them from disk (also on a retry).
    await this.store.scavenge();
    const clickhouse = surrogate === undefined ? { rows: {}, bitmapsRewritten: 0 } : await this.eraser.erase(surrogate);
    const surrogateMappingDropped = await directory.forget(userId);
    const removed: ErasureRemoved = {
      events: stream.events,
      streamDeleted,
      rows: clickhouse.rows,
      bitmapsRewritten: clickhouse.bitmapsRewritten,
      surrogateMappingDropped,
    };
    await this.registry.recordCompleted({ userIdHash, at: this.now().toISOString(), removed });
    // Every copy of labels must have seen the record before the answer says the person is gone.
    await untilErasureVisible(recordedAt);
    return { userIdHash, alreadyErased, at, removed };
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
