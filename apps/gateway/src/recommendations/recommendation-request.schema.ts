import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ChannelScore, Confidence, ErrorCode, RecommendationResult, TopicName } from '@followup/contracts';
import { OUTBOX_INDEX } from '@followup/messaging';
import { LIFECYCLE_STATES, LifecycleState } from '../review/lifecycle';
import type { StoredDelivery, StoredReview, StoredScreening } from '../review/review-record';

export const REQUEST_STATUSES = ['pending', 'completed', 'failed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A retry's, a review's or a claim's event waiting in a record's outbox, kept whole (as every outbox of records stored before 2026-12-03). */
export interface StoredOutboxEvent {
  topic: TopicName;
  key: string;
  event: { event_id: string; request_id: string };
}

/**
 * The first request's outbox: its event is the record's `requested_event`, the JSON text as published, so neither the
 * insert nor the write of the answer carries it again as a nested document, whose every field FerretDB converts
 * (docs/PROOF.md: about 1.1 → 0.5 ms for the insert and 3.1 → 2.3 ms for the answer's write, FerretDB and PostgreSQL).
 */
export interface RequestedEventMarker {
  topic: TopicName;
  key: string;
  event_id: string;
  request_id: string;
}

export type RecordOutbox = StoredOutboxEvent | RequestedEventMarker;

/** The id of the event an outbox holds or points to. */
export function outboxEventId(outbox: RecordOutbox): string {
  return 'event' in outbox ? outbox.event.event_id : outbox.event_id;
}

/**
 * The gateway's record of a recommendation request and, once the recommender answers, its outcome: inserted with the
 * answer, or as pending, after the request was published (RequestRecommendationUseCase.publishThenStore). A request
 * stored before it is published (one with an `Idempotency-Key`, or one whose publish failed) doubles as the outbox of
 * its `recommendation.requested` event: `outbox` (a RequestedEventMarker) is set in the same insert and cleared by the
 * write that records the recommender's answer (or, when none comes within half the relay's interval, by the waiting
 * request once the broker acknowledged the publish).
 */
@Schema({ collection: 'recommendation_requests', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class RecommendationRequestRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) requested_by: string;
  /**
   * For a request made with an `Idempotency-Key` (its recommendation id derived from the key): what a repeat of it
   * must match, a hash of the key and the request's fields (idempotency-key.ts).
   */
  @Prop() request_fingerprint?: string;
  @Prop({ type: String, required: true, enum: REQUEST_STATUSES }) status: RequestStatus;
  @Prop({ type: MongooseSchema.Types.Mixed }) result?: RecommendationResult;
  @Prop({ type: String }) confidence?: Confidence;
  @Prop({ type: MongooseSchema.Types.Mixed }) error?: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  @Prop() completed_at?: Date;
  /**
   * Since when the current attempt waits for the recommender's answer (set with each `pending`); records stored before
   * it existed wait since `created_at`. What the manual queue's pass for unanswered requests looks records up by.
   */
  @Prop() pending_since?: Date;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) outbox: RecordOutbox | null;
  /**
   * Whether `outbox` holds an event: what the outbox relay looks records up by (OUTBOX_INDEX), as FerretDB serves only
   * an equality from an index; every write of `outbox` sets it (RecommendationVersions, createPending).
   */
  @Prop() outbox_pending?: boolean;
  /**
   * The request as first published, kept so a manager can retry it from the manual queue: its JSON text (an object in
   * records stored before), as every later write of the record would otherwise convert each of its fields again.
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) requested_event?: string | StoredOutboxEvent['event'];
  @Prop({ required: true, default: 1 }) attempt: number;
  /** A re-analysis after a rep rejected this recommendation id. */
  @Prop() revision_of?: string;
  @Prop() claimed_by?: string;
  @Prop() claimed_at?: Date;
  /** The review workflow (review/): state after the recommender answered, the decision, verdicts, delivery. */
  @Prop({ type: String, enum: LIFECYCLE_STATES }) lifecycle?: LifecycleState;
  @Prop() lifecycle_updated_at?: Date;
  /**
   * The channel ranking and the priority score's signed contributions by factor, as the recommender reported them:
   * their JSON texts (objects in records stored before), read whole for the review queue and never queried inside.
   * Every change of the record rewrites it whole, and FerretDB's cost of that grows with its number of fields.
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) channel_ranking?: string | ChannelScore[];
  @Prop({ type: MongooseSchema.Types.Mixed }) score_factors?: string | Record<string, number>;
  @Prop({ type: MongooseSchema.Types.Mixed }) review?: StoredReview;
  @Prop({ type: MongooseSchema.Types.Mixed }) pre_delivery_screening?: StoredScreening;
  @Prop({ type: MongooseSchema.Types.Mixed }) delivery?: StoredDelivery;
  /**
   * When the outbox relay's wait for `outbox` starts, if not at creation: a rejection's decision, or an approval's
   * plus the reply timeout (compliance's verdict on it clears the outbox first).
   */
  @Prop() outbox_at?: Date;
  /** How many changes the record has had since it was created; every change goes through RecommendationVersions. */
  @Prop({ required: true, default: 0 }) version: number;
  /** Set by the lead's erasure: every later change of the record is written with its texts erased (RecommendationVersions). */
  @Prop() erased_at?: Date;
  created_at: Date;
  updated_at: Date;
}

export const RecommendationRequestSchema = SchemaFactory.createForClass(RecommendationRequestRecord);
RecommendationRequestSchema.index({ recommendation_id: 1 }, { unique: true });
RecommendationRequestSchema.index({ tenant: 1, created_at: -1 });
RecommendationRequestSchema.index({ tenant: 1, lifecycle: 1, created_at: 1 });
// the review queue's other orders (review-queue-order.ts)
RecommendationRequestSchema.index({ tenant: 1, lifecycle: 1, 'result.priority_score': -1, created_at: 1, recommendation_id: 1 });
RecommendationRequestSchema.index({ tenant: 1, lifecycle: 1, lifecycle_updated_at: -1, recommendation_id: -1 });
RecommendationRequestSchema.index({ status: 1, pending_since: 1 });
RecommendationRequestSchema.index(OUTBOX_INDEX);
