import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ChannelScore } from '@followup/contracts';

/**
 * An approved, cleared draft whose first send must wait (send window, frequency cap): what the screening event
 * carried, kept so that the send can be made after the event was consumed. An approval sent at once is kept on its
 * first attempt instead (DeliveryAttemptRecord.approval). Holds the text (PII), as the contact directory holds the
 * addresses; never logged.
 */
@Schema({ collection: 'approved_deliveries', timestamps: { createdAt: 'created_at', updatedAt: false } })
export class ApprovedDeliveryRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) draft_message: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) channel_ranking: ChannelScore[];
  created_at: Date;
}

export const ApprovedDeliverySchema = SchemaFactory.createForClass(ApprovedDeliveryRecord);
ApprovedDeliverySchema.index({ tenant: 1, recommendation_id: 1 }, { unique: true });
