import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { EventActor } from '@followup/contracts';
import { OUTBOX_INDEX } from '@followup/messaging';

/** Who asked for a lead's version, for its `lead.upserted` (built from the record when published). */
export interface PendingAnnouncement {
  request_id: string;
  actor: EventActor;
}

/**
 * A version of a lead, claimed with its change before it is written: the unique (tenant, lead_id, version) index
 * gives each version to exactly one writer, on FerretDB too (see LeadVersions). A `PUT`'s claim is also its version's
 * outbox marker (`pending_announcement`, `outbox_pending`/`outbox_at`), kept here rather than on the lead record, whose
 * every unguarded update could, on FerretDB, write a racing version's fields back over.
 */
@Schema({ collection: 'lead_version_claims', versionKey: false })
export class LeadVersionClaimRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) version: number;
  @Prop({ required: true }) at: Date;
  /**
   * The change, as its Extended JSON text (dates stay dates), for whoever finds the version claimed and its owner dead;
   * kept until the claim is forgotten, or dropped by the lead's erasure (the fields are PII).
   */
  @Prop() set?: string;
  @Prop({ type: [String], default: [] }) unset: string[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) pending_announcement: PendingAnnouncement | null;
  @Prop({ default: false }) outbox_pending: boolean;
  @Prop() outbox_at?: Date;
}

export const LeadVersionClaimSchema = SchemaFactory.createForClass(LeadVersionClaimRecord);
LeadVersionClaimSchema.index({ tenant: 1, lead_id: 1, version: 1 }, { unique: true });
LeadVersionClaimSchema.index(OUTBOX_INDEX);
