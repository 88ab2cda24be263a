import { Inject, Injectable } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { CompiledExpression } from '../compiler/compile-expression';
import { BUCKET_BITS, LABEL_TABLES, OPTED_OUT_TAG } from '../compiler/label-schema';
import { BoundQuery } from '../compiler/segment-queries';

/** A frozen audience, as stored (migration 0201). */
export interface SnapshotRecord {
  readonly snapshotId: string;
  readonly tenant: string;
  readonly segmentId: string;
  readonly definitionVersion: number;
  readonly expressionHash: string;
  readonly asOf: string;
  readonly productRiskLevel: string | null;
  readonly size: number;
  readonly leftOut: number;
  /** Label position (`commit/prepare` in `$all`) the membership was read at. */
  readonly labelPosition: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

interface SnapshotRow {
  snapshot_id: string;
  tenant: string;
  segment_id: string;
  definition_version: number;
  expression_hash: string;
  as_of: string;
  product_risk_level: string | null;
  size: string;
  left_out: string;
  label_position: string | null;
  created_by: string;
  created_at: string;
}

/** Snapshot rows and their members in ClickHouse; members are copied once and never change. */
@Injectable()
export class SnapshotStore {
  constructor(@Inject(ClickHouse) private readonly ch: ClickHouse) {}

  /** Copies the segment's current members into the snapshot; returns how many were stored. */
  async freezeMembers(snapshotId: string, segment: CompiledExpression): Promise<number> {
    await this.ch.command(
      `INSERT INTO segment_snapshot_members (snapshot_id, user)
       SELECT {snapshot_id:String}, arrayJoin(bitmapToArray(members)) FROM (${segment.sql})`,
      { ...segment.params, snapshot_id: snapshotId },
    );
    const [row] = await this.ch.query<{ n: string }>(
      'SELECT toString(count()) AS n FROM segment_snapshot_members WHERE snapshot_id = {snapshot_id:String}',
      { snapshot_id: snapshotId },
    );
    return Number(row.n);
  }

  /** The snapshot's members as one keyed set of per-bucket bitmaps (`sketchesQuery` input). */
  membersKeyed(snapshotId: string): BoundQuery {
    return {
      sql: `SELECT '' AS key, toUInt16(bitShiftRight(user, ${BUCKET_BITS})) AS bucket, groupBitmapState(user) AS members
        FROM segment_snapshot_members WHERE snapshot_id = {snapshot_id:String} GROUP BY bucket`,
      params: { snapshot_id: snapshotId },
    };
  }

  /** Members of a refused snapshot; never served either way (no snapshot row), removed to save space. */
  async discardMembers(snapshotId: string): Promise<void> {
    await this.ch.command('DELETE FROM segment_snapshot_members WHERE snapshot_id = {snapshot_id:String}', { snapshot_id: snapshotId });
  }

  async save(record: SnapshotRecord): Promise<void> {
    await this.ch.insert('segment_snapshots', [
      {
        snapshot_id: record.snapshotId,
        tenant: record.tenant,
        segment_id: record.segmentId,
        definition_version: record.definitionVersion,
        expression_hash: record.expressionHash,
        as_of: dateTime64(record.asOf),
        product_risk_level: record.productRiskLevel,
        size: record.size,
        left_out: record.leftOut,
        label_position: record.labelPosition,
        created_by: record.createdBy,
        created_at: dateTime64(record.createdAt),
      },
    ]);
  }

  /** The tenant's snapshot, or undefined (another tenant's snapshot included). */
  async find(tenant: string, snapshotId: string): Promise<SnapshotRecord | undefined> {
    const [row] = await this.ch.query<SnapshotRow>(
      'SELECT * FROM segment_snapshots FINAL WHERE tenant = {tenant:String} AND snapshot_id = {snapshot_id:String}',
      { tenant, snapshot_id: snapshotId },
    );
    return row && toRecord(row);
  }

  /** The tenant's snapshots of one segment, newest first (at most `limit`). */
  async ofSegment(tenant: string, segmentId: string, limit: number): Promise<SnapshotRecord[]> {
    const rows = await this.ch.query<SnapshotRow>(
      `SELECT * FROM segment_snapshots FINAL WHERE tenant = {tenant:String} AND segment_id = {segment_id:String}
       ORDER BY created_at DESC, snapshot_id LIMIT {limit:UInt32}`,
      { tenant, segment_id: segmentId, limit },
    );
    return rows.map(toRecord);
  }

  /** A snapshot of any tenant (the platform's admin delivers for every tenant), or undefined. */
  async findById(snapshotId: string): Promise<SnapshotRecord | undefined> {
    const [row] = await this.ch.query<SnapshotRow>('SELECT * FROM segment_snapshots FINAL WHERE snapshot_id = {snapshot_id:String}', {
      snapshot_id: snapshotId,
    });
    return row && toRecord(row);
  }

  /**
   * Up to `limit` members after `after`, ascending. Members who have since
   * withdrawn consent are skipped (docs/contract.md §4: in no snapshot), read from the
   * same opted-out bitmaps sizes use, so they come back if consent returns.
   * `excluded` (people whose erasure is recorded and not completed) are
   * skipped too: their rows stay until the erasure's ClickHouse step runs.
   */
  async page(snapshotId: string, after: number, limit: number, excluded: readonly number[] = []): Promise<number[]> {
    const users: number[] = [];
    const rows = this.ch.queryStream<{ user: number }>(
      `SELECT user FROM segment_snapshot_members WHERE snapshot_id = {snapshot_id:String} AND user > {after:Int64}
         AND user NOT IN (SELECT arrayJoin(bitmapToArray(users)) FROM ${LABEL_TABLES.tagBitmaps} FINAL WHERE tag = {opted_out:String})
         AND NOT has({excluded:Array(UInt32)}, user)
       ORDER BY user LIMIT {limit:UInt32}`,
      { snapshot_id: snapshotId, after, limit, opted_out: OPTED_OUT_TAG, excluded },
    );
    for await (const row of rows) users.push(Number(row.user));
    return users;
  }
}

function dateTime64(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

function toRecord(row: SnapshotRow): SnapshotRecord {
  return {
    snapshotId: row.snapshot_id,
    tenant: row.tenant,
    segmentId: row.segment_id,
    definitionVersion: Number(row.definition_version),
    expressionHash: row.expression_hash,
    asOf: `${row.as_of.replace(' ', 'T')}Z`,
    productRiskLevel: row.product_risk_level,
    size: Number(row.size),
    leftOut: Number(row.left_out),
    labelPosition: row.label_position,
    createdBy: row.created_by,
    createdAt: `${row.created_at.replace(' ', 'T')}Z`,
  };
}
