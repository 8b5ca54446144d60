import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SUPPRESSIBLE_CHANNELS, SUPPRESSION_SOURCES, SuppressibleChannel, SuppressionSource } from '@followup/contracts';

/**
 * The gateway's read model of delivery's suppression list, per lead: one row per lead and suppression, as the
 * newest `suppression.changed` left it. No address: delivery owns the list, this is what the lead record shows.
 */
@Schema({ collection: 'lead_suppressions' })
export class LeadSuppressionRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) suppression_id: string;
  @Prop({ type: String, required: true, enum: SUPPRESSIBLE_CHANNELS }) channel: SuppressibleChannel;
  @Prop({ required: true }) active: boolean;
  @Prop({ required: true }) reason: string;
  @Prop({ type: String, required: true, enum: SUPPRESSION_SOURCES }) source: SuppressionSource;
  @Prop({ required: true }) changed_at: Date;
}

export const LeadSuppressionSchema = SchemaFactory.createForClass(LeadSuppressionRecord);
LeadSuppressionSchema.index({ tenant: 1, lead_id: 1, suppression_id: 1 }, { unique: true });
