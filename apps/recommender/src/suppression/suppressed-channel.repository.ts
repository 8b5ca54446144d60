import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { SuppressibleChannel } from '@followup/contracts';
import { upsertIfNewer } from '@followup/persistence';
import { SuppressedChannelRecord } from './suppressed-channel.schema';

@Injectable()
export class SuppressedChannelRepository {
  constructor(@InjectModel(SuppressedChannelRecord.name) private readonly rows: Model<SuppressedChannelRecord>) {}

  /** Stores the change unless a newer one for the same lead and suppression is stored (redelivered or reordered events). */
  async applyChange(row: SuppressedChannelRecord): Promise<void> {
    const { tenant, lead_id, suppression_id } = row;
    await upsertIfNewer(this.rows, { tenant, lead_id, suppression_id }, 'changed_at', row);
  }

  /** Every tenant's records, read once by each instance's view (SuppressedChannelsView). */
  everyRecord(): AsyncIterable<SuppressedChannelRecord> {
    return this.rows
      .find({}, { _id: 0, tenant: 1, lead_id: 1, suppression_id: 1, channel: 1, active: 1, changed_at: 1 })
      .batchSize(1000)
      .lean<SuppressedChannelRecord>()
      .cursor();
  }

  /** The channels the lead opted out of, read while the view is not live (start-up, the broker away at start). */
  async channelsOf(tenant: string, leadId: string): Promise<SuppressibleChannel[]> {
    const rows = await this.rows
      .find({ tenant, lead_id: leadId, active: true }, { _id: 0, channel: 1 })
      .lean<{ channel: SuppressibleChannel }[]>()
      .exec();
    return [...new Set(rows.map((row) => row.channel))];
  }
}
