import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { upsertIfNewer } from '@followup/persistence';
import { LeadSuppressionRecord } from './lead-suppression.schema';

@Injectable()
export class LeadSuppressionRepository {
  constructor(@InjectModel(LeadSuppressionRecord.name) private readonly rows: Model<LeadSuppressionRecord>) {}

  /** Stores a lead's suppression as of `changed_at`, unless a newer change is stored already (redelivered or reordered events). */
  async applyChange(row: LeadSuppressionRecord): Promise<void> {
    const { tenant, lead_id, suppression_id } = row;
    await upsertIfNewer(this.rows, { tenant, lead_id, suppression_id }, 'changed_at', row);
  }

  /** The lead's channels opted out now, newest first. */
  async activeFor(tenant: string, leadId: string): Promise<LeadSuppressionRecord[]> {
    return this.rows
      .find({ tenant, lead_id: leadId, active: true }, { _id: 0, __v: 0 })
      .sort({ changed_at: -1 })
      .lean<LeadSuppressionRecord[]>()
      .exec();
  }
}
