import { Injectable } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { Lead, LeadRepository } from './lead.repository';

export function leadNotFound(leadId: string): FollowupError {
  return new FollowupError(ErrorCode.LeadNotFound, 'No lead record exists for the provided lead_id.', { lead_id: leadId });
}

/** A lead of the caller's tenant; another tenant's lead does not exist for the caller. */
@Injectable()
export class GetLeadUseCase {
  constructor(private readonly leads: LeadRepository) {}

  async execute(tenant: string, leadId: string): Promise<Lead> {
    const lead = await this.leads.findOne(tenant, leadId);
    if (!lead) throw leadNotFound(leadId);
    return lead;
  }
}
