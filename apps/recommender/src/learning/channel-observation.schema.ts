import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AccountTier, Channel } from '@followup/contracts';

export const OBSERVATION_SOURCES = ['crm_engagement', 'delivery'] as const;

/** One outcome of one contact attempt on a channel, for the tenant-and-tier prior. Unique per source event. */
@Schema({ collection: 'channel_observations', timestamps: { createdAt: 'recorded_at', updatedAt: false } })
export class ChannelObservationRecord {
  @Prop({ required: true }) observation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ type: String, required: true }) tier: AccountTier | 'unknown';
  @Prop({ type: String, required: true }) channel: Channel;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true, min: 0, max: 1 }) response_credit: number;
  @Prop({ type: String, required: true, enum: OBSERVATION_SOURCES }) source: (typeof OBSERVATION_SOURCES)[number];
  @Prop({ required: true }) observed_at: Date;
  /** When the outcome's own time is known (not only when it was logged): its hour of the week, UTC, Monday 00h = 0. */
  @Prop() hour_of_week?: number;
}

export const ChannelObservationSchema = SchemaFactory.createForClass(ChannelObservationRecord);
ChannelObservationSchema.index({ observation_id: 1 }, { unique: true });
ChannelObservationSchema.index({ tenant: 1, tier: 1, channel: 1 });
ChannelObservationSchema.index({ response_credit: 1, observed_at: 1 });
