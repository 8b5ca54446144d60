import { getOrCreate } from '@followup/config';
import type { LeadUpsertedPayload } from '@followup/contracts';
import type { Lead } from './lead.repository';

/**
 * The leads of every tenant as a view holds them: each at the highest version seen. An erased lead is only marked
 * erased: no version of it is held from then on (an older `lead.upserted` may still be on its way), and the
 * database answers for it.
 */
export class LeadStates {
  private readonly byTenant = new Map<string, Map<string, Lead | 'erased'>>();

  /** The lead as held; undefined when the database must answer (never seen, or erased). */
  find(tenant: string, leadId: string): Lead | undefined {
    const held = this.byTenant.get(tenant)?.get(leadId);
    return held === 'erased' ? undefined : held;
  }

  /** Holds `lead` unless the same or a later version is held or the lead was erased. */
  upsert(lead: Lead): void {
    const leads = this.leadsOf(lead.tenant);
    const held = leads.get(lead.lead_id);
    if (held === 'erased' || (held && held.version >= lead.version)) return;
    leads.set(lead.lead_id, lead);
  }

  /**
   * A version as `lead.upserted` carries it. The event has no creation time: it is the held version's, or for a
   * first version its update time (both are set by the insert); a later version of a lead not held is left to the
   * database.
   */
  upsertAnnounced(tenant: string, payload: LeadUpsertedPayload): void {
    const held = this.find(tenant, payload.lead_id);
    const updatedAt = new Date(payload.updated_at);
    const createdAt = held ? held.created_at : payload.version === 1 ? updatedAt : undefined;
    if (!createdAt) return;
    const { lead_id, first_name, last_name, account_tier, owner_rep_id, time_zone, country, contacts, consent, version } = payload;
    this.upsert({
      tenant,
      lead_id,
      first_name,
      last_name,
      account_tier,
      owner_rep_id,
      time_zone,
      country,
      contacts: { email: contacts.email, phone: contacts.phone },
      consent: { sms: consent.sms, email: consent.email, phone_call: consent.phone_call },
      version,
      created_at: createdAt,
      updated_at: updatedAt,
    });
  }

  erase(tenant: string, leadId: string): void {
    this.leadsOf(tenant).set(leadId, 'erased');
  }

  private leadsOf(tenant: string): Map<string, Lead | 'erased'> {
    return getOrCreate(this.byTenant, tenant, () => new Map());
  }
}
