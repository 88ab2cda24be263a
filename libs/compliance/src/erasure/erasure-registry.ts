import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tagstream/config';
import { EventStore } from '@tagstream/eventstore';
import { ERASURES_STREAM } from '../audit/audit-streams';
import { erasureHash } from '../disclosure/pseudonym';
import { USER_ERASED, USER_ERASURE_COMPLETED, UserErasedData, UserErasureCompletedData } from './erasure-events';

/** An erasure recorded (`UserErased`) whose `UserErasureCompleted` is not there yet. */
export interface PendingErasure {
  readonly userIdHash: string;
  readonly surrogate: number | null;
}

/**
 * Who has been erased, read from the `compliance-erasures` stream. Holds only
 * keyed hashes of user ids and surrogates. Projections call `refresh()` once
 * per batch and then `isErased(userId)` / `isSurrogateErased(surrogate)` per
 * event, so a rebuild from `$all` (where a deleted stream's events stay until
 * the store scavenges them) never brings an erased person back.
 */
@Injectable()
export class ErasureRegistry {
  private readonly key: string;
  private readonly hashes = new Set<string>();
  private readonly surrogates = new Set<number>();
  private readonly completed = new Set<string>();
  /** Recorded and not completed yet, by hash: what a resume must finish and read paths must still hide. */
  private readonly pendingByHash = new Map<string, number | null>();
  private nextRevision: bigint | 'start' = 'start';
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    config: AppConfig,
  ) {
    this.key = config.PSEUDONYM_KEY;
  }

  hashOf(userId: string): string {
    return erasureHash(this.key, userId);
  }

  /** Reads erasures recorded since the last refresh (by any process). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Like `refresh()`, but the read that serves it starts after this call: a
   * read already in flight may have begun before an erasure the caller must
   * see. Resolves with the time (`now()`) of this call, which the serving
   * read started after, so a cache knows how recent its view of erasures is.
   */
  async refreshFromNow(now: () => number): Promise<number> {
    const called = now();
    await this.refreshing?.catch(() => undefined);
    await this.refresh();
    return called;
  }

  /** As of the last `refresh()`. */
  isErased(userId: string): boolean {
    return this.hashes.has(this.hashOf(userId));
  }

  isErasedHash(userIdHash: string): boolean {
    return this.hashes.has(userIdHash);
  }

  isSurrogateErased(surrogate: number): boolean {
    return this.surrogates.has(surrogate);
  }

  isCompleted(userIdHash: string): boolean {
    return this.completed.has(userIdHash);
  }

  /** Erasures recorded and not completed, as of the last `refresh()`. */
  pending(): PendingErasure[] {
    return [...this.pendingByHash].map(([userIdHash, surrogate]) => ({ userIdHash, surrogate }));
  }

  /**
   * Surrogates of recorded, not yet completed erasures: their labels may still
   * be in ClickHouse (the ClickHouse step has not run, or a resume failed), so
   * read paths leave them out. Completed ones are gone from every table.
   */
  pendingSurrogates(): number[] {
    return [...this.pendingByHash.values()].filter((s): s is number => s !== null);
  }

  async recordErased(data: UserErasedData): Promise<void> {
    await this.store.append(ERASURES_STREAM, [{ id: randomUUID(), type: USER_ERASED, data, metadata: { schemaVersion: 1 } }]);
    this.apply(USER_ERASED, data);
  }

  async recordCompleted(data: UserErasureCompletedData): Promise<void> {
    await this.store.append(ERASURES_STREAM, [{ id: randomUUID(), type: USER_ERASURE_COMPLETED, data, metadata: { schemaVersion: 1 } }]);
    this.apply(USER_ERASURE_COMPLETED, data);
  }

  private async readNew(): Promise<void> {
    for await (const event of this.store.readStream(ERASURES_STREAM, { fromRevision: this.nextRevision })) {
      this.apply(event.type, event.data);
      this.nextRevision = event.revision + 1n;
    }
  }

  private apply(type: string, data: unknown): void {
    if (type === USER_ERASED) {
      const erased = data as UserErasedData;
      this.hashes.add(erased.userIdHash);
      if (erased.surrogate !== null) this.surrogates.add(erased.surrogate);
      if (!this.completed.has(erased.userIdHash)) this.pendingByHash.set(erased.userIdHash, erased.surrogate);
    } else if (type === USER_ERASURE_COMPLETED) {
      const { userIdHash } = data as UserErasureCompletedData;
      this.completed.add(userIdHash);
      this.pendingByHash.delete(userIdHash);
    }
  }
}
