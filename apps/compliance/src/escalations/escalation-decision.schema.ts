import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { RESOLUTIONS, Resolution } from './escalation.schema';

/**
 * The one decision on an escalation case, claimed before it is written to the case. A conditional update of the
 * case (`status: 'open'`) cannot be the guard: FerretDB v1 lets two racing ones both match. The unique index on
 * `escalation_id` holds on FerretDB as on MongoDB, so of two decisions arriving at once exactly one is stored. It
 * keeps what writing it to the case takes, so whoever finds it claimed while the case is still open (its owner died
 * between the two writes) writes it. The note is the lead's text like the case's, erased with it.
 */
@Schema({ collection: 'escalation_decisions' })
export class EscalationDecisionRecord {
  @Prop({ required: true }) escalation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ type: String, required: true, enum: RESOLUTIONS }) resolution: Resolution;
  @Prop({ required: true }) resolved_by: string;
  /** The role the decision was authorised under (compliance or admin). */
  @Prop({ required: true }) resolved_by_role: string;
  /** The request that decided: the request id of the verdict event it publishes. */
  @Prop({ required: true }) request_id: string;
  @Prop() resolution_note?: string;
  @Prop({ required: true }) decided_at: Date;
}

export const EscalationDecisionSchema = SchemaFactory.createForClass(EscalationDecisionRecord);
EscalationDecisionSchema.index({ escalation_id: 1 }, { unique: true });
