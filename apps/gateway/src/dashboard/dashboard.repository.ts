import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { RecommendationRequestRecord } from '../recommendations/recommendation-request.schema';
import type { DashboardRecord } from './dashboard-counts';

/** The most recommendations one dashboard reads. */
export const DASHBOARD_READ_LIMIT = 20_000;

/** Reads the review and delivery facts of the gateway's own recommendation records. */
@Injectable()
export class DashboardRepository {
  constructor(@InjectModel(RecommendationRequestRecord.name) private readonly records: Model<RecommendationRequestRecord>) {}

  /** The tenant's recommendations reviewed or delivered since `from`, newest first, up to `limit`. */
  async activeSince(tenant: string, from: Date, limit: number): Promise<DashboardRecord[]> {
    return this.records
      .find(
        { tenant, $or: [{ 'review.reviewed_at': { $gte: from } }, { 'delivery.attempted_at': { $gte: from } }] },
        {
          _id: 0,
          created_at: 1,
          'review.decision': 1,
          'review.reviewed_at': 1,
          'review.rejection_reason': 1,
          'delivery.channel': 1,
          'delivery.outcome': 1,
          'delivery.final': 1,
          'delivery.attempted_at': 1,
        },
      )
      .sort({ created_at: -1 })
      .limit(limit)
      .lean<DashboardRecord[]>()
      .exec();
  }
}
