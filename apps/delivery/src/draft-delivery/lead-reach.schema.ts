import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A send's claim to reach a lead under the frequency cap, taken right before it. The claims of a lead are numbered
 * (`seq`) under a unique index, so of two sends deciding at once on any number of instances one takes the next number
 * and the other finds it taken and waits for the cap: a conditional update could not be that guard on FerretDB v1,
 * where two racing ones both match. `released` when the send did not reach the lead (it failed, or was never made).
 * Ids only, no PII.
 */
@Schema({ collection: 'lead_reaches', versionKey: false })
export class LeadReachRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) seq: number;
  /** The attempt the claim was taken for (`<recommendation_id>:<attempt>`). */
  @Prop({ required: true }) attempt_key: string;
  /** When the claim was taken: the cap holds other sends until this moment plus the cap. */
  @Prop({ required: true }) claimed_at: Date;
  @Prop({ default: false }) released: boolean;
}

export const LeadReachSchema = SchemaFactory.createForClass(LeadReachRecord);
LeadReachSchema.index({ tenant: 1, lead_id: 1, seq: 1 }, { unique: true });
LeadReachSchema.index({ tenant: 1, lead_id: 1, attempt_key: 1 });
