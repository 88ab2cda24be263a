import { ClickHouse } from '@tagstream/clickhouse';
import type { StorePosition } from '@tagstream/eventstore';
import { AuditRows } from './audit-rows';

export interface AuditCheckpoint {
  readonly position: StorePosition;
  readonly events: number;
}

const STAGE = 'audit';

/** Writes projected audit rows and the projection's checkpoint (tables of migration 0300). */
export class AuditStore {
  constructor(readonly ch: ClickHouse) {}

  /** Rows first, then the checkpoint: a crash in between replays the batch, which the position versions make harmless. */
  async write(rows: AuditRows, checkpoint: AuditCheckpoint): Promise<void> {
    await this.ch.insert('audit_records', rows.records);
    await this.ch.insert('audit_subjects', rows.subjects);
    await this.ch.insert('audit_checkpoints', [
      {
        stage: STAGE,
        commit_position: checkpoint.position.commit.toString(),
        prepare_position: checkpoint.position.prepare.toString(),
        events: checkpoint.events,
        written_at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
      },
    ]);
  }

  async readCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const rows = await this.ch.query<{ commit_position: string; prepare_position: string; events: string }>(
      'SELECT commit_position, prepare_position, events FROM audit_checkpoints FINAL WHERE stage = {stage:String}',
      { stage: STAGE },
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    return { position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) }, events: Number(row.events) };
  }
}
