import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** One event as the audit trail keeps it: who, what, when, for which lead and recommendation, PII removed. */
@Schema({ collection: 'audit_records', timestamps: { createdAt: 'recorded_at', updatedAt: false } })
export class AuditRecord {
  @Prop({ required: true }) event_id: string;
  @Prop({ required: true }) topic: string;
  @Prop({ required: true }) event_type: string;
  @Prop({ required: true }) tenant: string;
  @Prop() request_id?: string;
  @Prop() lead_id?: string;
  @Prop() recommendation_id?: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) actor?: Record<string, unknown>;
  @Prop({ required: true }) occurred_at: Date;
  @Prop() error_code?: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) ai_service_version?: Record<string, unknown>;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) payload: unknown;
}

export const AuditRecordSchema = SchemaFactory.createForClass(AuditRecord);
AuditRecordSchema.index({ event_id: 1 }, { unique: true });
AuditRecordSchema.index({ tenant: 1, occurred_at: 1 });
AuditRecordSchema.index({ recommendation_id: 1, occurred_at: 1 });
