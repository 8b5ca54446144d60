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

  async channelsOf(tenant: string, leadId: string): Promise<SuppressibleChannel[]> {
    const rows = await this.rows
      .find({ tenant, lead_id: leadId, active: true }, { _id: 0, channel: 1 })
      .lean<{ channel: SuppressibleChannel }[]>()
      .exec();
    return [...new Set(rows.map((row) => row.channel))];
  }
}
