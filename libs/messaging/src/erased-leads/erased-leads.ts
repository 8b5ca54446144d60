import { getOrCreate } from '@followup/config';

/** The leads erased so far, per tenant. */
export class ErasedLeads {
  private readonly byTenant = new Map<string, Set<string>>();

  static of(leads: Iterable<{ tenant: string; lead_id: string }>): ErasedLeads {
    const erased = new ErasedLeads();
    for (const { tenant, lead_id } of leads) erased.add(tenant, lead_id);
    return erased;
  }

  add(tenant: string, leadId: string): void {
    getOrCreate(this.byTenant, tenant, () => new Set()).add(leadId);
  }

  has(tenant: string, leadId: string): boolean {
    return this.byTenant.get(tenant)?.has(leadId) ?? false;
  }
}
