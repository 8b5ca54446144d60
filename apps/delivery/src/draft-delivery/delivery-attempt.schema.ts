import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { CHANNELS, Channel } from '@followup/contracts';
import { OutboxMessage, withOutbox } from '@followup/messaging';
import type { ApprovedDeliveryRecord } from './approved-delivery.schema';
import { ATTEMPT_STATUSES, AttemptStatus, FailureKind } from './delivery-plan';

/**
 * One try of one channel for one approved recommendation. Written as `in_progress` before the provider is
 * called, then settled with the outcome once its events are published (with them as its outbox marker when the
 * broker refused them, and for a skip, which is inserted with its events). No address; the first attempt keeps
 * the approval (the text, PII, erased with the lead's).
 */
@Schema({ collection: 'delivery_attempts', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class DeliveryAttemptRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) lead_id: string;
  /** 1, 2, … across channels, in the order they were made. */
  @Prop({ required: true }) attempt: number;
  /** `<recommendation_id>:<attempt>`; unique, so an attempt is recorded once, before anything is sent. */
  @Prop({ required: true }) idempotency_key: string;
  @Prop({ type: String, required: true, enum: CHANNELS }) channel: Channel;
  /** Which try of this channel (1 … DELIVERY_MAX_TRIES_PER_CHANNEL). */
  @Prop({ required: true }) try: number;
  @Prop({ type: String, required: true, enum: ATTEMPT_STATUSES }) status: AttemptStatus;
  @Prop({ type: String }) failure?: FailureKind;
  @Prop() error_code?: string;
  @Prop() provider_status?: number;
  @Prop() provider_message_id?: string;
  /** The provider's last reported status of the message (SMS status callback: queued, sent, delivered, undelivered, failed). */
  @Prop() provider_delivery_status?: string;
  @Prop() task_id?: string;
  @Prop({ required: true, default: false }) final: boolean;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) started_at: Date;
  @Prop() finished_at?: Date;
  /** On the first attempt: the approval it delivers, recorded in the same write (what later runs and reports need). */
  @Prop({ type: MongooseSchema.Types.Mixed }) approval?: Pick<ApprovedDeliveryRecord, 'draft_message' | 'channel_ranking'>;
  /** The outbox marker (withOutbox): the attempt's events when they were stored before the broker acknowledged them. */
  outbox?: OutboxMessage[] | null;
  outbox_pending?: boolean;
  outbox_at?: Date;
  created_at: Date;
  updated_at: Date;
}

export const DeliveryAttemptSchema = withOutbox(SchemaFactory.createForClass(DeliveryAttemptRecord));
DeliveryAttemptSchema.index({ idempotency_key: 1 }, { unique: true });
DeliveryAttemptSchema.index({ tenant: 1, recommendation_id: 1, attempt: 1 });
DeliveryAttemptSchema.index({ tenant: 1, lead_id: 1, status: 1, started_at: -1 });
DeliveryAttemptSchema.index({ provider_message_id: 1 });
// the sends in progress (few at any time), for a provider's report that overtakes its attempt's record
DeliveryAttemptSchema.index({ status: 1, started_at: -1 });
