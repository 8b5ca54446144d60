import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { RecommendationRecord } from './recommendation.schema';

export type StoredRecommendation = Omit<RecommendationRecord, 'created_at'>;

@Injectable()
export class RecommendationRepository {
  constructor(@InjectModel(RecommendationRecord.name) private readonly recommendations: Model<RecommendationRecord>) {}

  /** Always within the event's tenant: an id another tenant's event names is not found. */
  async findOne(tenant: string, recommendationId: string): Promise<StoredRecommendation | null> {
    return this.recommendations
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, __v: 0 })
      .lean<StoredRecommendation>()
      .exec();
  }

  /**
   * Stores the recommendation unless one with this id exists already; returns the one that is stored. An id that
   * another tenant's recommendation holds is refused (the event is dead-lettered), never answered with that one.
   */
  async insertOnce(recommendation: StoredRecommendation): Promise<StoredRecommendation> {
    try {
      await this.recommendations.create(recommendation);
      return recommendation;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await this.findOne(recommendation.tenant, recommendation.recommendation_id);
      if (!stored) throw new Error('recommendation_id belongs to another tenant');
      return stored;
    }
  }

  /** Replaces a manual-queue outcome with a retry's, only if no other retry got there first. */
  async replaceQueued(previousAttempt: number, recommendation: StoredRecommendation): Promise<StoredRecommendation> {
    await this.recommendations
      .updateOne(
        { tenant: recommendation.tenant, recommendation_id: recommendation.recommendation_id, status: 'manual_queue', attempt: previousAttempt },
        { $set: recommendation },
      )
      .exec();
    return (await this.findOne(recommendation.tenant, recommendation.recommendation_id)) as StoredRecommendation;
  }

  async findTier(tenant: string, recommendationId: string): Promise<{ tenant: string; account_tier?: string } | null> {
    return this.recommendations
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, tenant: 1, account_tier: 1 })
      .lean<{ tenant: string; account_tier?: string }>()
      .exec();
  }
}
