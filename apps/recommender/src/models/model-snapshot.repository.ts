import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ModelSnapshotRecord } from './model-snapshot.schema';

/** Promotion order: the snapshot stored last is the one in force (the snapshot id breaks a tie of the same millisecond). */
const NEWEST_FIRST = { trained_at: -1, snapshot_id: -1 } as const;

@Injectable()
export class ModelSnapshotRepository {
  constructor(@InjectModel(ModelSnapshotRecord.name) private readonly snapshots: Model<ModelSnapshotRecord>) {}

  async save(snapshot: ModelSnapshotRecord): Promise<void> {
    await this.snapshots.create(snapshot);
  }

  /** The scope's model in force: its newest active snapshot, should an interrupted or concurrent promotion have left two. */
  async active(scope: string): Promise<ModelSnapshotRecord | null> {
    return this.snapshots.findOne({ scope, status: 'active' }, { _id: 0, __v: 0 }).sort(NEWEST_FIRST).lean<ModelSnapshotRecord>().exec();
  }

  async find(snapshotId: string): Promise<ModelSnapshotRecord | null> {
    return this.snapshots.findOne({ snapshot_id: snapshotId }, { _id: 0, __v: 0 }).lean<ModelSnapshotRecord>().exec();
  }

  /**
   * Stores the snapshot as its scope's active one, then retires the actives stored before it. The insert alone
   * puts it in force (readers take the newest active), so a crash before the retiring, or two promoters at once
   * (on FerretDB an update is a read and a separate whole-document write), can leave an older active behind but
   * never a scope without one or readers that disagree; the next promotion retires the leftover.
   */
  async promote(snapshot: ModelSnapshotRecord): Promise<void> {
    const { trained_at } = await this.snapshots.create({ ...snapshot, status: 'active' });
    await this.snapshots
      .updateMany(
        {
          scope: snapshot.scope,
          status: 'active',
          $or: [{ trained_at: { $lt: trained_at } }, { trained_at, snapshot_id: { $lt: snapshot.snapshot_id } }],
        },
        { $set: { status: 'retired' } },
      )
      .exec();
  }
}
