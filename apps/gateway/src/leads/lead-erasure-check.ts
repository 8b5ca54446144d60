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

  /**
   * Writes the lead's data as a check of the lead decides (`write(erased)`: undefined when it stored nothing), then
   * checks again once the write landed: a lead erased in between, its erasure's passes gone by before the write landed,
   * gets what was written erased as that erasure would have (`eraseLate`). Answers what the write answered.
   */
  async write<T>(
    tenant: string,
    leadId: string,
    write: (erased: boolean) => Promise<T | undefined>,
    eraseLate: (written: T) => Promise<void>,
  ): Promise<T | undefined> {
    const erased = await this.erased(tenant, leadId);
    const written = await write(erased);
    if (written !== undefined && !erased && (await this.erased(tenant, leadId))) await eraseLate(written);
    return written;
  }
}
