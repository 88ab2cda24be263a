import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { Clock, NotFoundError } from '@tagstream/common';
import { BelowFloorError, DifferenceRefusedError, DisclosureService, ErasureRegistry } from '@tagstream/compliance';
import { sizeOnly } from '../audience/audience.service';
import { Expr } from '../expression';
import { auditPrincipal } from '../audience/audience.service';
import { ExpressionReader } from '../audience/expression-reader';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { answerKey, LabelQueries, sketchParamsOf } from '../labels/label-queries';
import { SnapshotRecord, SnapshotStore } from '../labels/snapshot-store';
import { assertNotArchived } from '../segment/segment';
import { SegmentsService } from '../segment/segments.service';
import { SEGMENTS_CLOCK } from '../segments.tokens';
import { decodeCursor, encodeCursor } from './snapshot-cursor';

export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type ProductRiskLevel = (typeof PRODUCT_RISK_LEVELS)[number];

/**
 * docs/contract.md §6 suitability: a product of level Rn may go to users assessed Cn or
 * above; users without an assessment are left out.
 */
export function suitableFor(level: ProductRiskLevel): Expr {
  const n = Number(level.slice(1));
  return { or: [1, 2, 3, 4, 5].filter((m) => m >= n).map((m) => ({ tag: `risk:C${m}` })) };
}

export interface MembersPage {
  readonly members: number[];
  readonly pseudonyms: string[];
  readonly nextCursor: string | null;
}

/** Freezes a segment's membership for a campaign and serves it back page by page. */
/** Snapshots listed for one segment: far more than a campaign calendar holds. */
const SNAPSHOTS_LISTED = 1_000;

@Injectable()
export class SnapshotService {
  constructor(
    private readonly segments: SegmentsService,
    private readonly reader: ExpressionReader,
    private readonly labels: LabelQueries,
    private readonly store: SnapshotStore,
    private readonly disclosure: DisclosureService,
    @Inject(LABEL_FRESHNESS) private readonly freshness: LabelFreshnessSource,
    @Inject(SEGMENTS_CLOCK) private readonly clock: Clock,
    private readonly erasures: ErasureRegistry,
  ) {}

  async create(
    principal: Principal,
    segmentId: string,
    asOf: Date,
    productRiskLevel: ProductRiskLevel | undefined,
  ): Promise<SnapshotRecord & { freshness: LabelFreshness }> {
    const { segment, expression, version } = await this.segments.definition(principal, segmentId);
    assertNotArchived(segment);
    const [freshness] = await Promise.all([this.freshness.current(), this.reader.refreshErasures()]);
    const snapshotId = randomUUID();
    const eligible: Expr = productRiskLevel ? { and: [expression, suitableFor(productRiskLevel)] } : expression;
    const before = productRiskLevel ? await this.labels.size(this.reader.compile(expression, asOf)) : undefined;
    const compiled = this.reader.compile(eligible, asOf);
    const size = await this.store.freezeMembers(snapshotId, compiled);
    if (this.disclosure.count(size).belowFloor) {
      await this.store.discardMembers(snapshotId);
      throw new BelowFloorError('the snapshot', this.disclosure.floor);
    }
    // The list gives its size: checked like any number against the tenant's earlier answers, on the people actually frozen.
    const sketch = this.disclosure.differences.enabled
      ? await this.labels.sketches(this.store.membersKeyed(snapshotId), sketchParamsOf(this.disclosure.sketchKey)).then((m) => m.get('') ?? sizeOnly(0))
      : sizeOnly(size);
    const about = {
      principal: auditPrincipal(principal),
      action: 'segment.snapshot',
      segmentId,
      definitionVersion: version,
      expressionHash: this.reader.hash(expression),
    };
    const release = this.disclosure.releaseCounts(principal, about, [{ name: 'size', key: answerKey(compiled), sketch }]);
    const refusal = release.decision.refusals[0];
    if (refusal) {
      await this.store.discardMembers(snapshotId);
      await this.disclosure.auditRelease({ ...about, numbers: { size: null } }, release);
      const { recordId, action, at } = refusal.checkedAgainst;
      throw new DifferenceRefusedError('the snapshot', this.disclosure.floor, { recordId, action, at });
    }
    const record: SnapshotRecord = {
      snapshotId,
      tenant: segment.tenant,
      segmentId,
      definitionVersion: version,
      expressionHash: this.reader.hash(expression),
      asOf: asOf.toISOString(),
      productRiskLevel: productRiskLevel ?? null,
      size,
      leftOut: before === undefined ? 0 : Math.max(0, before - size),
      labelPosition: freshness.position,
      createdBy: principal.sub,
      createdAt: this.clock().toISOString(),
    };
    await this.disclosure.auditRelease({ ...about, snapshotId, numbers: { size, leftOut: record.leftOut } }, release);
    await this.store.save(record);
    return { ...record, freshness };
  }

  /**
   * The segment's snapshots, newest first, so a campaign's snapshot and its
   * download can be found again. Refused snapshots were never stored and are
   * not listed. Every number here was released (and audited) when its
   * snapshot was taken; listing them again is audited too.
   */
  async list(principal: Principal, segmentId: string): Promise<SnapshotRecord[]> {
    const { segment, version } = await this.segments.definition(principal, segmentId);
    const snapshots = await this.store.ofSegment(segment.tenant, segmentId, SNAPSHOTS_LISTED);
    await this.disclosure.audit({
      principal: auditPrincipal(principal),
      action: 'segment.snapshots',
      segmentId,
      definitionVersion: version,
      numbers: { snapshots: snapshots.length },
    });
    return snapshots;
  }

  /** One page of a snapshot's members, audited with every subject before any of it is sent. */
  async membersPage(principal: Principal, snapshotId: string, cursor: string | undefined, limit: number): Promise<MembersPage & { snapshot: SnapshotRecord }> {
    const tenant = principal.tenant as string;
    const snapshot = await this.store.find(tenant, snapshotId);
    if (!snapshot) throw new NotFoundError(`snapshot ${snapshotId} not found`, { snapshotId });
    const after = decodeCursor(cursor, snapshotId);
    // Another process may have recorded an erasure since this one last looked.
    await this.erasures.refresh();
    const fetched = await this.store.page(snapshotId, after, limit + 1, this.erasures.pendingSurrogates());
    const members = fetched.slice(0, limit);
    const nextCursor = fetched.length > limit ? encodeCursor(snapshotId, members[members.length - 1]) : null;
    await this.disclosure.audit({
      principal: auditPrincipal(principal),
      action: 'snapshot.members',
      segmentId: snapshot.segmentId,
      definitionVersion: snapshot.definitionVersion,
      expressionHash: snapshot.expressionHash,
      snapshotId,
      idsExposed: members.length,
      subjects: members,
    });
    return { snapshot, members, pseudonyms: members.map((member) => this.disclosure.pseudonymize(tenant, member, snapshotId)), nextCursor };
  }
}
