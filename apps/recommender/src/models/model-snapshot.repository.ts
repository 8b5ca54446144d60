import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ModelSnapshotRecord } from './model-snapshot.schema';

@Injectable()
export class ModelSnapshotRepository {
  constructor(@InjectModel(ModelSnapshotRecord.name) private readonly snapshots: Model<ModelSnapshotRecord>) {}

  async save(snapshot: ModelSnapshotRecord): Promise<void> {
    await this.snapshots.create(snapshot);
  }

  async active(scope: string): Promise<ModelSnapshotRecord | null> {
    return this.snapshots.findOne({ scope, status: 'active' }, { _id: 0, __v: 0 }).lean<ModelSnapshotRecord>().exec();
  }

  async find(snapshotId: string): Promise<ModelSnapshotRecord | null> {
    return this.snapshots.findOne({ snapshot_id: snapshotId }, { _id: 0, __v: 0 }).lean<ModelSnapshotRecord>().exec();
  }

  /** Makes the snapshot its scope's active one, retiring the one before it. */
  async promote(scope: string, snapshotId: string): Promise<void> {
    await this.snapshots.updateMany({ scope, status: 'active', snapshot_id: { $ne: snapshotId } }, { $set: { status: 'retired' } }).exec();
    await this.snapshots.updateOne({ snapshot_id: snapshotId }, { $set: { status: 'active' } }).exec();
  }
}
