import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';
import type { AccountTier, EventActor } from '@followup/contracts';
import { OUTBOX_INDEX } from '@followup/messaging';

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

/**
 * Who asked for the change that still has to be announced on Kafka. A lead's outbox marker is this plus
 * `outbox_pending`/`outbox_at` (the outbox index): `lead.upserted` carries the stored version, so it is built
 * from the record when published (with the id the version determines), not stored beside it.
 */
export interface PendingAnnouncement {
  request_id: string;
  actor: EventActor;
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
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) pending_announcement: PendingAnnouncement | null;
  @Prop() outbox_pending?: boolean;
  @Prop() outbox_at?: Date;
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
LeadSchema.index(OUTBOX_INDEX);
