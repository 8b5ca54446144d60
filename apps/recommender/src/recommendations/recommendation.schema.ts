import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type {
  AiServiceVersion,
  Channel,
  Confidence,
  EventError,
  RecommendationRequestedPayload,
  RecommendationResult,
} from '@followup/contracts';
import type { ChannelHistory } from '../engine/channel-ranking';
import type { RejectionCategory } from '../feedback/rejection-feedback';
import type { SparseHourCounts } from '../models/send-time';
import type { PublishedEvent, PublishedEventObject } from './published-event';

/** What the engine decided from besides the request, so `npm run audit:reproduce` can run it again. */
export interface DecisionInputs {
  decided_at: string;
  snapshot_id: string;
  tier_history: ChannelHistory;
  prior_strength: number;
  /** Replies by hour of the week: sparse (as recorded now), or the full 168 counts (records before). */
  reply_hours: { tier: SparseHourCounts | number[]; tenant: SparseHourCounts | number[] };
  suppressed_channels: Channel[];
  /** A re-analysis after a rep's rejection: the rejection it applied (a `wrong_channel` one rules the channel out). */
  revision?: { category: RejectionCategory; rejected_channel: Channel };
}

/** `manual_queue`: the AI service failed; a sales manager may retry it (a higher attempt) or handle it by hand. */
export const RECOMMENDATION_STATUSES = ['generated', 'failed', 'manual_queue'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** The part of a request a decision was made from. */
export type RequestPayload = Pick<RecommendationRequestedPayload, 'lead' | 'input'>;

/**
 * What the recommender decided for one request, and the exact event that announced it, so a redelivered request is
 * answered with the same event instead of a second, different recommendation. That event's JSON text holds what
 * explains the decision (factor contributions, channel ranking, send time): a field of its own here would be a second
 * copy that nothing reads, and each nested field costs FerretDB more to store than its bytes do (docs/PROOF.md).
 */
@Schema({ collection: 'recommendations', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class RecommendationRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ type: String, required: true, enum: RECOMMENDATION_STATUSES }) status: RecommendationStatus;
  @Prop({ required: true, default: 1 }) attempt: number;
  @Prop({ type: String }) account_tier?: string;
  @Prop() completeness_prompt?: string;
  /**
   * The lead snapshot and input it was decided from, to re-analyse it after a rejection: its JSON text (an object in
   * records stored before), read whole and never queried inside.
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) request_payload?: string | RequestPayload;
  @Prop() revision_of?: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) result?: RecommendationResult;
  @Prop({ type: String }) confidence?: Confidence;
  @Prop({ type: MongooseSchema.Types.Mixed }) ai_service_version?: AiServiceVersion;
  /**
   * Its JSON text (an object in records stored before): read whole, never queried inside, and its two arrays of 168 hour
   * counts made it the costliest field to store after the events (docs/PROOF.md).
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) decision_inputs?: string | DecisionInputs;
  @Prop({ type: MongooseSchema.Types.Mixed }) error?: EventError;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) outcome_event: PublishedEvent | PublishedEventObject;
  /** Notifications this outcome raised; republished with the outcome on a redelivered request. */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) notification_events: (PublishedEvent | PublishedEventObject)[];
  created_at: Date;
}

export const RecommendationSchema = SchemaFactory.createForClass(RecommendationRecord);
RecommendationSchema.index({ recommendation_id: 1 }, { unique: true });
RecommendationSchema.index({ tenant: 1, lead_id: 1, created_at: -1 });
RecommendationSchema.index({ status: 1, created_at: -1 });
