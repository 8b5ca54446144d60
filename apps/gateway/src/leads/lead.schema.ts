import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import type { AccountTier } from '@followup/contracts';

@Schema({ _id: false })
export class LeadContactsRecord {
  @Prop() email?: string;
  @Prop() phone?: string;
}

@Schema({ _id: false })
export class ChannelConsentRecord {
  @Prop({ required: true }) sms: boolean;
  @Prop({ required: true }) email: boolean;
  @Prop({ required: true }) phone_call: boolean;
}

/** The lead record the CRM owns. Contact details are PII: stored here, never logged. */
@Schema({ collection: 'leads', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class LeadRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) first_name: string;
  @Prop() last_name?: string;
  @Prop({ type: String }) account_tier?: AccountTier;
  @Prop({ required: true }) owner_rep_id: string;
  /** IANA zone of the lead, for send windows; or the country, whose usual zone applies. */
  @Prop() time_zone?: string;
  @Prop() country?: string;
  @Prop({ type: LeadContactsRecord, required: true }) contacts: LeadContactsRecord;
  @Prop({ type: ChannelConsentRecord, required: true }) consent: ChannelConsentRecord;
  @Prop({ required: true, default: 0 }) version: number;
  /**
   * Set by the lead's erasure (GatewayErasureRepository), on its blanked record or on a record of only the ids when the
   * gateway held none: the lead is not found from then on, and its id cannot be written again.
   */
  @Prop() erased_at?: Date;
  created_at: Date;
  updated_at: Date;
}

export type LeadDocument = HydratedDocument<LeadRecord>;
export const LeadSchema = SchemaFactory.createForClass(LeadRecord);
LeadSchema.index({ tenant: 1, lead_id: 1 }, { unique: true });
LeadSchema.index({ updated_at: 1 });
LeadSchema.index({ tenant: 1, owner_rep_id: 1 });
