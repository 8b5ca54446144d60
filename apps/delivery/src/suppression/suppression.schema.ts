import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SUPPRESSIBLE_CHANNELS, SUPPRESSION_SOURCES, SuppressibleChannel, SuppressionSource } from '@followup/contracts';
import { OutboxMessage, withOutbox } from '@followup/messaging';

/**
 * One address on a tenant's suppression list: one record per tenant, channel and address, active while the person
 * is opted out; an opt back in ends it (active false, released_*), a later opt-out makes it active again. The
 * address is PII: never logged, never in an event.
 */
@Schema({ collection: 'suppressions', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class SuppressionRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) suppression_id: string;
  @Prop({ type: String, required: true, enum: SUPPRESSIBLE_CHANNELS }) channel: SuppressibleChannel;
  /** Normalised: E.164 for a phone number, lower case for an email. */
  @Prop({ required: true }) address: string;
  @Prop({ required: true }) active: boolean;
  @Prop({ required: true }) reason: string;
  @Prop({ type: String, required: true, enum: SUPPRESSION_SOURCES }) source: SuppressionSource;
  /** When the address was (last) opted out. */
  @Prop({ required: true }) suppressed_at: Date;
  @Prop({ type: Date, default: null }) released_at: Date | null;
  @Prop({ type: String, default: null }) release_source: SuppressionSource | null;
  /** The outbox marker (withOutbox): the change's event until the broker acknowledged it, written with the change. */
  outbox?: OutboxMessage[] | null;
  outbox_pending?: boolean;
  outbox_at?: Date;
  created_at: Date;
  updated_at: Date;
}

export const SuppressionSchema = withOutbox(SchemaFactory.createForClass(SuppressionRecord));
SuppressionSchema.index({ tenant: 1, channel: 1, address: 1 }, { unique: true });
SuppressionSchema.index({ tenant: 1, suppressed_at: -1 });
// an announced change is read back by its id (SuppressionView), and its outbox marker cleared by it
SuppressionSchema.index({ tenant: 1, suppression_id: 1 });
