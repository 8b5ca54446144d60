import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { AiServiceVersion, ChannelScore, Confidence, EventError, RecommendationResult, TopicName } from '@followup/contracts';

export interface StoredOutcomeEvent {
  topic: TopicName;
  event: { event_id: string; request_id: string };
}

/**
 * What the recommender decided for one request, with everything needed to explain and reproduce it
 * (factor contributions, channel ranking, AI service version), and the exact event that announced it so
 * a redelivered request is answered with the same event instead of a second, different recommendation.
 */
@Schema({ collection: 'recommendations', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class RecommendationRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ type: String, required: true, enum: ['generated', 'failed'] }) status: 'generated' | 'failed';
  @Prop({ type: MongooseSchema.Types.Mixed }) result?: RecommendationResult;
  @Prop({ type: [MongooseSchema.Types.Mixed] }) channel_ranking?: ChannelScore[];
  @Prop({ type: String }) confidence?: Confidence;
  @Prop({ type: MongooseSchema.Types.Mixed }) score_factors?: Record<string, number>;
  @Prop({ type: MongooseSchema.Types.Mixed }) ai_service_version?: AiServiceVersion;
  @Prop({ type: MongooseSchema.Types.Mixed }) error?: EventError;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) outcome_event: StoredOutcomeEvent;
  created_at: Date;
}

export const RecommendationSchema = SchemaFactory.createForClass(RecommendationRecord);
RecommendationSchema.index({ recommendation_id: 1 }, { unique: true });
RecommendationSchema.index({ tenant: 1, lead_id: 1, created_at: -1 });
