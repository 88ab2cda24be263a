import { Inject, Injectable, Logger } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { NotFoundError } from '@tagstream/common';
import { DisclosureService, ErasureRegistry } from '@tagstream/compliance';
import { PLATFORM_IDS, PlatformIdLookup } from '../labels/platform-ids';
import { SnapshotRecord, SnapshotStore } from '../labels/snapshot-store';
import { decodeCursor, encodeCursor } from './snapshot-cursor';

export interface DeliveryPage {
  readonly snapshot: SnapshotRecord;
  /** Platform user ids, in the snapshot's member order. */
  readonly userIds: string[];
  readonly nextCursor: string | null;
}

/**
 * The admin's delivery of a snapshot: its members as platform user ids, page
 * by page (same pages and cursors as the members route). Erased people are
 * left out twice over: by surrogate before the lookup and by id after it, so
 * neither a tombstone the lookup did not reach nor an erasure still in
 * progress lets one through. Each page is audited, under the snapshot's
 * tenant (who receives the people), before any of it is sent.
 */
@Injectable()
export class SnapshotDeliveryService {
  private readonly logger = new Logger('SnapshotDelivery');

  constructor(
    private readonly store: SnapshotStore,
    private readonly disclosure: DisclosureService,
    private readonly erasures: ErasureRegistry,
    @Inject(PLATFORM_IDS) private readonly platformIds: PlatformIdLookup,
  ) {}

  async page(principal: Principal, snapshotId: string, cursor: string | undefined, limit: number): Promise<DeliveryPage> {
    const snapshot = await this.store.findById(snapshotId);
    if (!snapshot) throw new NotFoundError(`snapshot ${snapshotId} not found`, { snapshotId });
    const after = decodeCursor(cursor, snapshotId);
    const fetched = await this.store.page(snapshotId, after, limit + 1);
    const members = fetched.slice(0, limit);
    const nextCursor = fetched.length > limit ? encodeCursor(snapshotId, members[members.length - 1]) : null;

    await this.erasures.refresh();
    const candidates = members.filter((surrogate) => !this.erasures.isSurrogateErased(surrogate));
    const ids = candidates.length === 0 ? new Map<number, string>() : await this.platformIds.platformIdsOf(candidates);
    const delivered = candidates.filter((surrogate) => {
      const userId = ids.get(surrogate);
      return userId !== undefined && !this.erasures.isErased(userId);
    });
    const unmapped = candidates.length - ids.size;
    if (unmapped > 0) this.logger.warn(`snapshot ${snapshotId}: ${unmapped} members have no platform id mapping and were not delivered`);

    await this.disclosure.audit({
      principal: { sub: principal.sub, role: principal.role, tenant: snapshot.tenant },
      action: 'snapshot.members.delivery',
      segmentId: snapshot.segmentId,
      definitionVersion: snapshot.definitionVersion,
      expressionHash: snapshot.expressionHash,
      snapshotId,
      numbers: { notDelivered: members.length - delivered.length },
      idsExposed: delivered.length,
      subjects: delivered,
    });
    return { snapshot, userIds: delivered.map((surrogate) => ids.get(surrogate) as string), nextCursor };
  }
}
