import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { fromStoredJson, GroupInsert } from '@followup/persistence';
import { PastDecision } from '../models/training-examples';
import { RecommendationRecord } from './recommendation.schema';

/** The most recent decisions one retraining reads. */
export const MAX_TRAINING_DECISIONS = 50_000;

export type StoredRecommendation = Omit<RecommendationRecord, 'created_at'>;

@Injectable()
export class RecommendationRepository {
  private readonly inserts: GroupInsert<RecommendationRecord>;

  constructor(@InjectModel(RecommendationRecord.name) private readonly recommendations: Model<RecommendationRecord>) {
    this.inserts = new GroupInsert(recommendations);
  }

  /** Always within the event's tenant: an id another tenant's event names is not found. */
  async findOne(tenant: string, recommendationId: string): Promise<StoredRecommendation | null> {
    return this.recommendations
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, __v: 0 })
      .lean<StoredRecommendation>()
      .exec();
  }

  /**
   * Stores a decision, writing first: an id already stored (a redelivered request) answers the stored decision, unless
   * that one waits in the manual queue and this is a later attempt (a manager's retry), which replaces it if no other
   * retry got there first. An id that another tenant's recommendation holds is refused (the event is dead-lettered),
   * never answered with that one.
   */
  async store(decision: StoredRecommendation): Promise<StoredRecommendation> {
    if ((await this.inserts.insert(decision)).inserted) return decision;
    const stored = await this.findOne(decision.tenant, decision.recommendation_id);
    if (!stored) throw new Error('recommendation_id belongs to another tenant');
    if (stored.status !== 'manual_queue' || decision.attempt <= stored.attempt) return stored;
    await this.recommendations
      .updateOne(
        { tenant: decision.tenant, recommendation_id: decision.recommendation_id, status: 'manual_queue', attempt: stored.attempt },
        { $set: decision },
      )
      .exec();
    return (await this.findOne(decision.tenant, decision.recommendation_id)) as StoredRecommendation;
  }

  async findTier(tenant: string, recommendationId: string): Promise<{ tenant: string; account_tier?: string } | null> {
    return this.recommendations
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, tenant: 1, account_tier: 1 })
      .lean<{ tenant: string; account_tier?: string }>()
      .exec();
  }

  /** Generated recommendations since `since`, newest first, with the request they were decided from. */
  async generatedSince(since: Date): Promise<PastDecision[]> {
    const rows = await this.recommendations
      .find(
        { status: 'generated', created_at: { $gte: since } },
        { _id: 0, tenant: 1, lead_id: 1, created_at: 1, decision_inputs: 1, request_payload: 1 },
      )
      .sort({ created_at: -1 })
      .limit(MAX_TRAINING_DECISIONS)
      .lean<Pick<RecommendationRecord, 'tenant' | 'lead_id' | 'created_at' | 'decision_inputs' | 'request_payload'>[]>()
      .exec();
    return rows.flatMap((row) =>
      row.request_payload
        ? [
            {
              tenant: row.tenant,
              lead_id: row.lead_id,
              decided_at: row.decision_inputs ? new Date(fromStoredJson(row.decision_inputs).decided_at) : row.created_at,
              input: fromStoredJson(row.request_payload).input,
            },
          ]
        : [],
    );
  }
}
