import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Outbox, OutboxMessage } from '@followup/messaging';
import { EngagementLogRecord } from './engagement-log.schema';

@Injectable()
export class EngagementLogRepository {
  constructor(
    @InjectModel(EngagementLogRecord.name) private readonly logs: Model<EngagementLogRecord>,
    private readonly outbox: Outbox,
  ) {}

  /** Stores the log with its event as the outbox marker (one write). */
  async create(log: Omit<EngagementLogRecord, 'created_at'>): Promise<void> {
    await this.logs.create(log);
  }

  /** Publishes the log's event and clears its marker. */
  async deliverOutbox(logId: string, messages: OutboxMessage[]): Promise<void> {
    await this.outbox.deliver(this.logs, { log_id: logId }, messages);
  }
}
