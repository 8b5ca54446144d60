import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Compliance's own directory of the tenant's leads (from `lead.upserted`): names and contact details, to
 * recognise another lead's PII in a draft. PII: stored here, never logged.
 */
@Schema({ collection: 'lead_directory', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class DirectoryEntryRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) first_name: string;
  @Prop() last_name?: string;
  @Prop() email?: string;
  /** E.164, as the gateway stores it. */
  @Prop() phone?: string;
  /** ISO 3166-1 alpha-2, as the lead record gives it: national numbers are read in it, then in the phone number's country. */
  @Prop() country?: string;
  /** Lower-cased copies for look-ups by the words of a draft. */
  @Prop({ required: true }) first_name_lc: string;
  @Prop() last_name_lc?: string;
  @Prop() email_lc?: string;
  @Prop({ required: true }) version: number;
}

export const DirectoryEntrySchema = SchemaFactory.createForClass(DirectoryEntryRecord);
DirectoryEntrySchema.index({ tenant: 1, lead_id: 1 }, { unique: true });
// also serves a full name's look-up (the collection's fallback)
DirectoryEntrySchema.index({ tenant: 1, first_name_lc: 1, last_name_lc: 1 });
DirectoryEntrySchema.index({ tenant: 1, last_name_lc: 1 });
DirectoryEntrySchema.index({ tenant: 1, email_lc: 1 });
DirectoryEntrySchema.index({ tenant: 1, phone: 1 });
