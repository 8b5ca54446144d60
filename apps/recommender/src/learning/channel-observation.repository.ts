import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { ChannelHistory, channelHistoryOf, RESPONSE_CREDIT } from '../engine/channel-ranking';
import { emptyHourCounts } from '../models/send-time';
import { ObservedReply } from '../models/training-examples';
import { ChannelObservationRecord } from './channel-observation.schema';

@Injectable()
export class ChannelObservationRepository {
  private readonly inserts: GroupInsert<ChannelObservationRecord>;

  constructor(@InjectModel(ChannelObservationRecord.name) private readonly observations: Model<ChannelObservationRecord>) {
    this.inserts = new GroupInsert(observations);
  }

  /** Records each observation once; returns how many were new. */
  async recordAll(observations: ChannelObservationRecord[]): Promise<number> {
    const outcomes = await Promise.all(observations.map((observation) => this.inserts.insert(observation)));
    return outcomes.filter(({ inserted }) => inserted).length;
  }

  /**
   * The tier's prior per channel: replies over attempts of the tenant's leads of that tier, and the
   * empirical-Bayes strength from how their leads differ (one query; the per-lead counts are made here).
   */
  async channelHistory(tenant: string, tier: string): Promise<ChannelHistory> {
    const rows = await this.observations
      .find({ tenant, tier }, { _id: 0, lead_id: 1, channel: 1, response_credit: 1 })
      .lean<Pick<ChannelObservationRecord, 'lead_id' | 'channel' | 'response_credit'>[]>()
      .exec();
    return channelHistoryOf(
      rows.map((row) => ({ lead_id: row.lead_id, channel: row.channel, replied: row.response_credit === RESPONSE_CREDIT.replied })),
    );
  }

  /** Every reply observed since `since`, for the priority model's training labels. */
  async repliesSince(since: Date): Promise<ObservedReply[]> {
    return this.observations
      .find({ response_credit: RESPONSE_CREDIT.replied, observed_at: { $gte: since } }, { _id: 0, tenant: 1, lead_id: 1, observed_at: 1 })
      .lean<ObservedReply[]>()
      .exec();
  }

  /** Timestamped replies per hour of the week, of a tenant's leads of one tier or (tier undefined) of all of them. */
  async replyHours(tenant: string, tier?: string): Promise<number[]> {
    const rows = await this.observations
      .aggregate<{ _id: number; total: number }>([
        { $match: { tenant, ...(tier ? { tier } : {}), response_credit: RESPONSE_CREDIT.replied, hour_of_week: { $gte: 0 } } },
        { $group: { _id: '$hour_of_week', total: { $sum: 1 } } },
      ])
      .exec();
    const hours = emptyHourCounts();
    for (const row of rows) hours[row._id] = row.total;
    return hours;
  }
}
