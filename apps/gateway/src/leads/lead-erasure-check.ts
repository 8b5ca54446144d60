import { Injectable } from '@nestjs/common';
import { LeadView } from './lead-view';
import { LeadRepository } from './lead.repository';

/**
 * Whether a lead known to have existed (a recommendation was requested for it) has been erased since: held neither by
 * the in-memory view nor, read from the database when the view does not hold it, by the leads collection. Asked by a
 * write that stores the lead's texts after the request was checked (a request stored once answered): one deciding
 * after an erasure's second pass finds the lead erased here, and one before it is swept by that pass (lead-erasure.ts).
 */
@Injectable()
export class LeadErasureCheck {
  constructor(
    private readonly view: LeadView,
    private readonly leads: LeadRepository,
  ) {}

  async erased(tenant: string, leadId: string): Promise<boolean> {
    return !(this.view.find(tenant, leadId) ?? (await this.leads.findOne(tenant, leadId)));
  }
}
