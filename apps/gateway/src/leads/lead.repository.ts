import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PendingAnnouncement } from './lead-version-claim.schema';
import { LeadVersions, NOT_ERASED } from './lead-versions';
import { LeadRecord } from './lead.schema';

export type LeadFields = Pick<
  LeadRecord,
  'first_name' | 'last_name' | 'account_tier' | 'owner_rep_id' | 'time_zone' | 'country' | 'contacts' | 'consent'
>;
export type Lead = LeadFields & Pick<LeadRecord, 'tenant' | 'lead_id' | 'version' | 'created_at' | 'updated_at'>;

const LEAD_PROJECTION = { _id: 0, __v: 0 } as const;

@Injectable()
export class LeadRepository {
  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    private readonly versions: LeadVersions,
  ) {}

  async findOne(tenant: string, leadId: string): Promise<Lead | null> {
    return this.leads
      .findOne({ tenant, lead_id: leadId, ...NOT_ERASED }, LEAD_PROJECTION)
      .lean<Lead>()
      .exec();
  }

  /** Every tenant's leads, for the in-memory view (LeadView). */
  async findAll(): Promise<Lead[]> {
    return this.leads.find(NOT_ERASED, LEAD_PROJECTION).lean<Lead[]>().exec();
  }

  /**
   * Replaces the lead's fields under its next version (LeadVersions), whose claim holds the outbox marker for the
   * announcement. An erased lead's id is refused (409 INVALID_STATE): the other services hold it erased for good
   * (ERASED_VERSION). `created` when there was no record; `superseded` when a later version was written before this
   * one's writer was done (a writer slower than CLAIM_OWNER_WAIT_MS), whose announcement has the lead.
   */
  async upsert(
    tenant: string,
    leadId: string,
    fields: LeadFields,
    announcement: PendingAnnouncement,
  ): Promise<{ lead: Lead; created: boolean; superseded: boolean }> {
    const optional = {
      last_name: fields.last_name,
      account_tier: fields.account_tier,
      time_zone: fields.time_zone,
      country: fields.country,
    };
    const change = {
      set: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      unset: Object.entries(optional)
        .filter(([, value]) => value === undefined)
        .map(([key]) => key),
    };
    const { stored, created, superseded } = await this.versions.write(tenant, leadId, change, announcement);
    // FerretDB v1 does not implement findAndModify's projection: the store's own fields are dropped here
    const { _id, __v, erased_at, ...lead } = stored;
    return { lead, created, superseded };
  }
}
