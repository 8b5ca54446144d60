import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { RecommendationRequestRecord, StoredOutboxEvent } from '../recommendations/recommendation-request.schema';
import { LifecycleState } from './lifecycle';
import { StoredDelivery, StoredReview, StoredScreening } from './review-record';

export type ReviewableRecommendation = Pick<
  RecommendationRequestRecord,
  | 'recommendation_id'
  | 'tenant'
  | 'lead_id'
  | 'status'
  | 'result'
  | 'confidence'
  | 'lifecycle'
  | 'lifecycle_updated_at'
  | 'channel_ranking'
  | 'score_factors'
  | 'review'
  | 'pre_delivery_screening'
  | 'delivery'
  | 'created_at'
  | 'completed_at'
>;

/** What may be stored together with a lifecycle step (the verdict or delivery that caused it). */
export type LifecycleFacts = Partial<{
  pre_delivery_screening: StoredScreening;
  delivery: StoredDelivery;
}>;

export interface QueuePosition {
  created_at: Date;
  recommendation_id: string;
}

const PROJECTION = { _id: 0, __v: 0, outbox: 0, requested_event: 0 } as const;

/** Records answered before lifecycles existed are `pending_review` by their status. */
function inState(state: LifecycleState): FilterQuery<RecommendationRequestRecord> {
  if (state === 'pending_review') {
    return { $or: [{ lifecycle: 'pending_review' }, { lifecycle: { $exists: false }, status: 'completed' }] };
  }
  return { lifecycle: state };
}

/**
 * The review workflow's view of `recommendation_requests` (the recommendations module owns the collection;
 * this repository only touches the review fields). Every change is a compare-and-set on the current
 * lifecycle state, so a repeated or concurrent change applies once.
 */
@Injectable()
export class ReviewRepository {
  constructor(@InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>) {}

  async findOne(tenant: string, recommendationId: string): Promise<ReviewableRecommendation | null> {
    return this.requests.findOne({ tenant, recommendation_id: recommendationId }, PROJECTION).lean<ReviewableRecommendation>().exec();
  }

  /**
   * Stores the decision, the new state and the `recommendation.reviewed` event (as the record's outbox, so
   * the outbox relay publishes it if this process cannot) in one write, only if still `pending_review`.
   */
  async recordDecision(
    tenant: string,
    recommendationId: string,
    review: StoredReview,
    next: LifecycleState,
    outbox: StoredOutboxEvent,
  ): Promise<boolean> {
    const now = new Date();
    const update = await this.requests
      .updateOne(
        { tenant, recommendation_id: recommendationId, ...inState('pending_review') },
        { $set: { review, lifecycle: next, lifecycle_updated_at: now, outbox, outbox_at: now } },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /** Clears the outbox once the broker acknowledged this very event (not a later one stored meanwhile). */
  async markPublished(recommendationId: string, eventId: string): Promise<void> {
    await this.requests
      .updateOne(
        { recommendation_id: recommendationId, 'outbox.event.event_id': eventId },
        { $set: { outbox: null } },
        { timestamps: false },
      )
      .exec();
  }

  /** Moves from `from` to `to` with the facts that caused it; false when the record is no longer in `from`. */
  async advance(
    tenant: string,
    recommendationId: string,
    from: LifecycleState,
    to: LifecycleState,
    facts: LifecycleFacts,
  ): Promise<boolean> {
    const update = await this.requests
      .updateOne(
        { tenant, recommendation_id: recommendationId, ...inState(from) },
        { $set: { ...facts, lifecycle: to, lifecycle_updated_at: new Date() } },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /** One page of the tenant's recommendations in a state, oldest first, optionally only for some leads. */
  async list(
    tenant: string,
    state: LifecycleState,
    leadIds: string[] | undefined,
    limit: number,
    after?: QueuePosition,
  ): Promise<ReviewableRecommendation[]> {
    const conditions: FilterQuery<RecommendationRequestRecord>[] = [{ tenant }, inState(state)];
    if (leadIds) conditions.push({ lead_id: { $in: leadIds } });
    if (after) {
      conditions.push({
        $or: [
          { created_at: { $gt: after.created_at } },
          { created_at: after.created_at, recommendation_id: { $gt: after.recommendation_id } },
        ],
      });
    }
    return this.requests
      .find({ $and: conditions }, PROJECTION)
      .sort({ created_at: 1, recommendation_id: 1 })
      .limit(limit)
      .lean<ReviewableRecommendation[]>()
      .exec();
  }
}
