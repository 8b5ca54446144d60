import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT } from '@followup/contracts';
import { eraseFields, upsertIfNewer } from '@followup/persistence';
import { LeadRecord } from '../leads/lead.schema';
import { LeadSuppressionRecord } from './lead-suppression.schema';

@Injectable()
export class LeadSuppressionRepository {
  constructor(
    @InjectModel(LeadSuppressionRecord.name) private readonly rows: Model<LeadSuppressionRecord>,
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
  ) {}

  /**
   * Stores one change of a suppression on the record of each lead it names, as of `changed_at`, unless a newer change
   * is stored already (redelivered or reordered events). A change that names an erased lead keeps no reason on any of
   * them: the reason may name that person, and a change consumed after the erasure's passes would bring it back.
   */
  async applyChange(change: Omit<LeadSuppressionRecord, 'lead_id'>, leadIds: readonly string[]): Promise<void> {
    const { tenant, suppression_id } = change;
    const namesAnErasedLead = await this.leads.exists({ tenant, lead_id: { $in: leadIds }, erased_at: { $exists: true } }).exec();
    const row = namesAnErasedLead ? { ...change, reason: ERASED_TEXT } : change;
    for (const lead_id of leadIds) await upsertIfNewer(this.rows, { tenant, lead_id, suppression_id }, 'changed_at', { ...row, lead_id });
  }

  /**
   * The lead's erasure: blanks the free-text reasons of the suppressions its record shows, on every lead whose record
   * shows one of them (an address shared), as delivery blanks the entry itself. Counts by store.
   */
  async eraseReasonsOf(tenant: string, leadId: string): Promise<Record<string, number>> {
    const rows = await this.rows
      .find({ tenant, lead_id: leadId }, { _id: 0, suppression_id: 1 })
      .lean<{ suppression_id: string }[]>()
      .exec();
    const suppressionIds = rows.map((row) => row.suppression_id);
    return eraseFields(this.rows, { tenant, suppression_id: { $in: suppressionIds } }, { blank: ['reason'] }, ERASED_TEXT);
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
