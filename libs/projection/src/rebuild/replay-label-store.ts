import { ClickHouse } from '@tagstream/clickhouse';
import { Checkpoint, LabelStore, LabelWrite, Stage } from '../clickhouse/label-store';
import { LabelTableNames } from '../clickhouse/label-tables';

/**
 * The label store of a generation being replayed: the bitmap stage is put off
 * until the replay ends (`writeAllBitmaps`), since every pair changes many
 * times over a full history and recomputing it per batch would redo the same
 * work again and again. Nothing reads this generation before it is swapped in.
 */
export class ReplayLabelStore extends LabelStore {
  constructor(ch: ClickHouse, tables: LabelTableNames) {
    super(ch, tables);
  }

  override async write(batch: LabelWrite): Promise<void> {
    await super.write({ ...batch, dirty: [] });
  }

  override async dirtyPairs(): Promise<{ tag: string; bucket: number }[]> {
    return [];
  }

  override async refreshBitmaps(): Promise<void> {}

  override async writeCheckpoint(stage: Stage, checkpoint: Checkpoint): Promise<void> {
    if (stage === 'labels') await super.writeCheckpoint(stage, checkpoint);
  }

  /** Every (tag, bucket) bitmap from the final membership rows, then the bitmap checkpoint. */
  async writeAllBitmaps(checkpoint: Checkpoint): Promise<number> {
    const pairs = await this.allPairs();
    await LabelStore.prototype.refreshBitmaps.call(this, pairs, checkpoint.position);
    await LabelStore.prototype.writeCheckpoint.call(this, 'bitmaps', checkpoint);
    return pairs.length;
  }
}

/**
 * The live store, but the first subscription starts from a given position
 * rather than the stored checkpoint: after a swap, the rebuilt tables are
 * caught up from where the rebuild read to, whatever a concurrently running
 * projector has written to the checkpoint since.
 */
export class ResumeFromStore extends LabelStore {
  constructor(
    ch: ClickHouse,
    tables: LabelTableNames,
    private readonly from: Checkpoint,
  ) {
    super(ch, tables);
  }

  override async readCheckpoint(stage: Stage): Promise<Checkpoint | undefined> {
    return stage === 'labels' ? this.from : super.readCheckpoint(stage);
  }
}
