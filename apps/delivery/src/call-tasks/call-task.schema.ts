import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const CALL_TASK_STATUSES = ['open'] as const;
export type CallTaskStatus = (typeof CALL_TASK_STATUSES)[number];

/** A phone call the owner rep is asked to make instead of the service dialing; `talking_points` is the approved draft. */
@Schema({ collection: 'call_tasks', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class CallTaskRecord {
  @Prop({ required: true }) task_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) owner_rep_id: string;
  /** One task per delivery attempt: a redelivered attempt finds its task instead of making another. */
  @Prop({ required: true }) idempotency_key: string;
  @Prop({ type: String, required: true, enum: CALL_TASK_STATUSES }) status: CallTaskStatus;
  @Prop({ required: true }) talking_points: string;
  @Prop({ required: true }) request_id: string;
  created_at: Date;
  updated_at: Date;
}

export const CallTaskSchema = SchemaFactory.createForClass(CallTaskRecord);
CallTaskSchema.index({ idempotency_key: 1 }, { unique: true });
CallTaskSchema.index({ tenant: 1, lead_id: 1, created_at: -1 });
