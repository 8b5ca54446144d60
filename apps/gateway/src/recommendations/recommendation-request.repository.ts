import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Confidence, RecommendationResult } from '@followup/contracts';
import { OutboxSource, PendingEvent } from '../outbox/outbox-entry';
import { RecommendationRequestRecord, StoredOutboxEvent } from './recommendation-request.schema';

export type RecommendationRequest = Omit<RecommendationRequestRecord, 'outbox'>;
export type NewRecommendationRequest = Pick<
  RecommendationRequest,
  'recommendation_id' | 'tenant' | 'lead_id' | 'request_id' | 'requested_by'
>;
export type RequestOutcome =
  | { status: 'completed'; result: RecommendationResult; confidence: Confidence }
  | { status: 'failed'; error: NonNullable<RecommendationRequest['error']> };

const PROJECTION = { _id: 0, __v: 0, outbox: 0 } as const;

@Injectable()
export class RecommendationRequestRepository implements OutboxSource {
  readonly name = 'recommendation_requests';

  constructor(@InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>) {}

  async createPending(request: NewRecommendationRequest, outbox: StoredOutboxEvent): Promise<void> {
    await this.requests.create({ ...request, status: 'pending', outbox });
  }

  async markPublished(recommendationId: string): Promise<void> {
    await this.requests.updateOne({ recommendation_id: recommendationId }, { $set: { outbox: null } }, { timestamps: false }).exec();
  }

  async findOne(tenant: string, recommendationId: string): Promise<RecommendationRequest | null> {
    return this.requests.findOne({ tenant, recommendation_id: recommendationId }, PROJECTION).lean<RecommendationRequest>().exec();
  }

  /** Records the recommender's answer once; a redelivered answer finds the request settled and changes nothing. */
  async settle(tenant: string, recommendationId: string, outcome: RequestOutcome): Promise<boolean> {
    const update = await this.requests
      .updateOne({ tenant, recommendation_id: recommendationId, status: 'pending' }, { $set: { ...outcome, completed_at: new Date() } })
      .exec();
    return update.modifiedCount === 1;
  }

  async findStale(olderThan: Date, limit: number): Promise<PendingEvent[]> {
    const stale = await this.requests
      .find({ outbox: { $ne: null }, created_at: { $lt: olderThan } }, { recommendation_id: 1, outbox: 1 })
      .limit(limit)
      .lean<{ recommendation_id: string; outbox: StoredOutboxEvent }[]>()
      .exec();
    return stale.map(({ recommendation_id, outbox }) => ({ ...outbox, markPublished: () => this.markPublished(recommendation_id) }));
  }
}
