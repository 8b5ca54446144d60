import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { Confidence, ErrorCode, RecommendationResult, TopicName } from '@followup/contracts';

export const REQUEST_STATUSES = ['pending', 'completed', 'failed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface StoredOutboxEvent {
  topic: TopicName;
  key: string;
  event: { event_id: string; request_id: string };
}

/**
 * The gateway's record of a recommendation request and, once the recommender answers, its outcome.
 * It doubles as the outbox of its `recommendation.requested` event: `outbox` is set in the same insert
 * and cleared when the broker acknowledges the publish.
 */
@Schema({ collection: 'recommendation_requests', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class RecommendationRequestRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) requested_by: string;
  @Prop({ type: String, required: true, enum: REQUEST_STATUSES }) status: RequestStatus;
  @Prop({ type: MongooseSchema.Types.Mixed }) result?: RecommendationResult;
  @Prop({ type: String }) confidence?: Confidence;
  @Prop({ type: MongooseSchema.Types.Mixed }) error?: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  @Prop() completed_at?: Date;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) outbox: StoredOutboxEvent | null;
  created_at: Date;
  updated_at: Date;
}

export const RecommendationRequestSchema = SchemaFactory.createForClass(RecommendationRequestRecord);
RecommendationRequestSchema.index({ recommendation_id: 1 }, { unique: true });
RecommendationRequestSchema.index({ tenant: 1, created_at: -1 });
