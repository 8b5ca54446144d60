import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { OutboxSource, PendingEvent } from '../outbox/outbox-entry';
import { StoredOutboxEvent } from '../recommendations/recommendation-request.schema';
import { EngagementLogRecord } from './engagement-log.schema';

@Injectable()
export class EngagementLogRepository implements OutboxSource {
  readonly name = 'engagement_logs';

  constructor(@InjectModel(EngagementLogRecord.name) private readonly logs: Model<EngagementLogRecord>) {}

  async create(log: Omit<EngagementLogRecord, 'created_at'>): Promise<void> {
    await this.logs.create(log);
  }

  async markPublished(logId: string): Promise<void> {
    await this.logs.updateOne({ log_id: logId }, { $set: { outbox: null } }, { timestamps: false }).exec();
  }

  async findStale(olderThan: Date, limit: number): Promise<PendingEvent[]> {
    const stale = await this.logs
      .find({ outbox: { $ne: null }, created_at: { $lt: olderThan } }, { log_id: 1, outbox: 1 })
      .limit(limit)
      .lean<{ log_id: string; outbox: StoredOutboxEvent }[]>()
      .exec();
    return stale.map(({ log_id, outbox }) => ({ ...outbox, markPublished: () => this.markPublished(log_id) }));
  }
}
