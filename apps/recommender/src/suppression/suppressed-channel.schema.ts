import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SUPPRESSIBLE_CHANNELS, SuppressibleChannel } from '@followup/contracts';

/** The recommender's view of delivery's suppression list: per lead and suppression, opted out or not, as of the newest change. */
@Schema({ collection: 'suppressed_channels' })
export class SuppressedChannelRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) suppression_id: string;
  @Prop({ type: String, required: true, enum: SUPPRESSIBLE_CHANNELS }) channel: SuppressibleChannel;
  @Prop({ required: true }) active: boolean;
  @Prop({ required: true }) changed_at: Date;
}

export const SuppressedChannelSchema = SchemaFactory.createForClass(SuppressedChannelRecord);
SuppressedChannelSchema.index({ tenant: 1, lead_id: 1, suppression_id: 1 }, { unique: true });
