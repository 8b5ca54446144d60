import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, mayAccessLead } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { LeadView } from './lead-view';
import { Lead, LeadRepository } from './lead.repository';

export function leadNotFound(leadId: string): FollowupError {
  return new FollowupError(ErrorCode.LeadNotFound, 'No lead record exists for the provided lead_id.', { lead_id: leadId });
}

/**
 * A lead the caller may see: one of their tenant's, and for a sales rep one they own. Any other lead does
 * not exist for the caller (404, whether it belongs to another tenant or to another rep). Read from the in-memory
 * view when it holds the lead (see LeadView for how current that is), else from the database.
 */
@Injectable()
export class GetLeadUseCase {
  constructor(
    private readonly view: LeadView,
    private readonly leads: LeadRepository,
  ) {}

  async execute(user: AuthenticatedUser, leadId: string): Promise<Lead> {
    const lead = this.view.find(user.tenant, leadId) ?? (await this.leads.findOne(user.tenant, leadId));
    if (!lead || !mayAccessLead(user, lead.owner_rep_id)) throw leadNotFound(leadId);
    return lead;
  }
}
