import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { EngagementEvent } from '@followup/contracts';
import { OutboxMessage, withOutbox } from '@followup/messaging';

/** Outcomes the CRM logged for a lead, kept with their `engagement.logged` event (its outbox marker) until it is published. */
@Schema({ collection: 'engagement_logs', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class EngagementLogRecord {
  @Prop({ required: true }) log_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) logged_by: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) engagements: EngagementEvent[];
  outbox?: OutboxMessage[] | null;
  outbox_pending?: boolean;
  outbox_at?: Date;
  created_at: Date;
}

export const EngagementLogSchema = withOutbox(SchemaFactory.createForClass(EngagementLogRecord));
EngagementLogSchema.index({ log_id: 1 }, { unique: true });
EngagementLogSchema.index({ tenant: 1, lead_id: 1, created_at: -1 });
