import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ChannelConsent, LeadContacts } from '@followup/contracts';

/** Delivery's own copy of how to reach a lead and on which channels it may; PII, never logged. */
@Schema({ collection: 'contacts', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ContactRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) first_name: string;
  @Prop({ required: true }) owner_rep_id: string;
  /** For send windows: the lead's IANA zone, or its country (ISO 3166-1 alpha-2); null when the CRM gave none. */
  @Prop({ type: String, default: null }) time_zone?: string | null;
  @Prop({ type: String, default: null }) country?: string | null;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) contacts: LeadContacts;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) consent: ChannelConsent;
  @Prop({ required: true }) version: number;
}

export const ContactSchema = SchemaFactory.createForClass(ContactRecord);
ContactSchema.index({ tenant: 1, lead_id: 1 }, { unique: true });
ContactSchema.index({ tenant: 1, owner_rep_id: 1 });
