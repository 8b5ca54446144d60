import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { PriorityModel } from './priority-model';
import type { HeldOutMetrics } from './train-priority-model';

/** The scope of the model every tenant without its own falls back to. */
export const GLOBAL_SCOPE = '*';

export const SNAPSHOT_STATUSES = ['active', 'retired', 'rejected'] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

/**
 * One trained priority model, kept whether promoted or not: its parameters, the window of decisions it was
 * trained on, its held-out metrics and those of the model it was compared with on the same examples.
 */
@Schema({ collection: 'model_snapshots', timestamps: { createdAt: 'trained_at', updatedAt: false } })
export class ModelSnapshotRecord {
  @Prop({ required: true }) snapshot_id: string;
  /** A tenant, or GLOBAL_SCOPE. */
  @Prop({ required: true }) scope: string;
  @Prop({ type: String, required: true, enum: SNAPSHOT_STATUSES }) status: SnapshotStatus;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) model: PriorityModel;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) training_window: { from: Date; to: Date };
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) examples: { fit: number; calibration: number; held_out: number };
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) held_out: HeldOutMetrics;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) compared_with: { snapshot_id: string; held_out: HeldOutMetrics };
  trained_at?: Date;
}

export const ModelSnapshotSchema = SchemaFactory.createForClass(ModelSnapshotRecord);
ModelSnapshotSchema.index({ snapshot_id: 1 }, { unique: true });
ModelSnapshotSchema.index({ scope: 1, status: 1 });
