import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { Channel } from '@followup/contracts';
import type { ChannelWindow } from './send-window';

/** A tenant's sending rules as it set them (README, "Sending rules"); a tenant without one has the defaults. */
@Schema({ collection: 'sending_policies', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class SendingPolicyRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) windows: Record<Channel, ChannelWindow | null>;
  @Prop({ type: [String], required: true }) holidays: string[];
  @Prop({ required: true }) frequency_cap_hours: number;
  @Prop({ type: String, default: null }) default_time_zone: string | null;
  @Prop({ required: true }) updated_by: string;
  created_at: Date;
  updated_at: Date;
}

export const SendingPolicySchema = SchemaFactory.createForClass(SendingPolicyRecord);
SendingPolicySchema.index({ tenant: 1 }, { unique: true });
