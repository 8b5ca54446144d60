import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { KeysetOrder } from '@followup/persistence';
import { RecommendationRequestRecord } from '../recommendations/recommendation-request.schema';
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

const PROJECTION = { _id: 0, __v: 0, outbox: 0, requested_event: 0 } as const;

/** Records answered before lifecycles existed are `pending_review` by their status. */
function inState(state: LifecycleState): FilterQuery<RecommendationRequestRecord> {
  if (state === 'pending_review') {
    return { $or: [{ lifecycle: 'pending_review' }, { lifecycle: { $exists: false }, status: 'completed' }] };
  }
  return { lifecycle: state };
}

/**
 * The review workflow's reads of `recommendation_requests` (the recommendations module owns the collection;
 * the review use cases change its review fields through RecommendationVersions).
 */
@Injectable()
export class ReviewRepository {
  constructor(@InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>) {}

  /** One page of the tenant's recommendations in a state, in `order` from `after` (its filter of a cursor), optionally only for some leads. */
  async list(
    tenant: string,
    state: LifecycleState,
    leadIds: string[] | undefined,
    limit: number,
    order: KeysetOrder,
    after?: FilterQuery<unknown>,
  ): Promise<ReviewableRecommendation[]> {
    const conditions: FilterQuery<RecommendationRequestRecord>[] = [{ tenant }, inState(state)];
    if (leadIds) conditions.push({ lead_id: { $in: leadIds } });
    if (after) conditions.push(after);
    return this.requests.find({ $and: conditions }, PROJECTION).sort(order.sort).limit(limit).lean<ReviewableRecommendation[]>().exec();
  }
}
