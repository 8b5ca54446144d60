import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ChannelScore, PiiFinding, ScreeningStage } from '@followup/contracts';
import { OutboxMessage, withOutbox } from '@followup/messaging';

export const ESCALATION_STATUSES = ['open', 'released', 'discarded'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const RESOLUTIONS = ['release', 'discard'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/**
 * A blocked draft for the compliance team. Findings are kinds and positions. For a pre-delivery case the
 * approved text and channel ranking are kept so a release can hand them to delivery: PII-bearing, never
 * logged, never returned by the list route.
 */
@Schema({ collection: 'escalations', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class EscalationRecord {
  @Prop({ required: true }) escalation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ type: String, required: true }) stage: ScreeningStage;
  @Prop({ type: String, required: true, enum: ESCALATION_STATUSES }) status: EscalationStatus;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) findings: PiiFinding[];
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) raised_at: Date;
  @Prop() draft_message?: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) channel_ranking?: ChannelScore[];
  @Prop({ type: String }) resolution?: Resolution;
  @Prop() resolution_note?: string;
  @Prop() resolved_by?: string;
  /** The role the resolution was authorised under (compliance or admin). */
  @Prop() resolved_by_role?: string;
  @Prop() resolved_at?: Date;
  /** The outbox marker (withOutbox): the resolution's verdict event until the broker acknowledged it, stored with the resolution. */
  outbox?: OutboxMessage[] | null;
  outbox_pending?: boolean;
  outbox_at?: Date;
}

export const EscalationSchema = withOutbox(SchemaFactory.createForClass(EscalationRecord));
EscalationSchema.index({ escalation_id: 1 }, { unique: true });
EscalationSchema.index({ recommendation_id: 1, stage: 1 }, { unique: true });
EscalationSchema.index({ tenant: 1, status: 1, raised_at: 1 });
EscalationSchema.index({ tenant: 1, resolved_at: -1, escalation_id: -1 });
