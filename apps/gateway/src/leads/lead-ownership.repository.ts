import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { LeadStanding } from '@followup/contracts';
import { leadStandingOf } from './lead-fields';
import { LeadView } from './lead-view';
import { LeadRecord } from './lead.schema';

/** Who owns a lead now, for the ownership checks of every lead-scoped route. */
@Injectable()
export class LeadOwnershipRepository {
  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    private readonly view: LeadView,
  ) {}

  /** From the in-memory view when it holds the lead (see LeadView for how current that is), else from the database. */
  async ownerOf(tenant: string, leadId: string): Promise<string | undefined> {
    const held = this.view.find(tenant, leadId);
    if (held) return held.owner_rep_id;
    const lead = await this.leads.findOne({ tenant, lead_id: leadId }, { _id: 0, owner_rep_id: 1 }).lean<{ owner_rep_id: string }>().exec();
    return lead?.owner_rep_id;
  }

  /** The lead's owner, tier, country and consent now (LeadStanding), read as `ownerOf` reads; undefined without a lead. */
  async standingOf(tenant: string, leadId: string): Promise<LeadStanding | undefined> {
    const lead =
      this.view.find(tenant, leadId) ??
      (await this.leads
        .findOne({ tenant, lead_id: leadId }, { _id: 0, account_tier: 1, owner_rep_id: 1, country: 1, contacts: 1, consent: 1 })
        .lean<Pick<LeadRecord, 'account_tier' | 'owner_rep_id' | 'country' | 'contacts' | 'consent'>>()
        .exec());
    return lead ? leadStandingOf(lead) : undefined;
  }

  async leadIdsOwnedBy(tenant: string, repId: string): Promise<string[]> {
    const leads = await this.leads.find({ tenant, owner_rep_id: repId }, { _id: 0, lead_id: 1 }).lean<{ lead_id: string }[]>().exec();
    return leads.map((lead) => lead.lead_id);
  }
}
