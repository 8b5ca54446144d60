import { getOrCreate } from '@followup/config';
import type { DraftTextRecord, DraftTextTombstone } from '../audit-trail/draft-text.repository';

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

/**
 * The texts as the first stage stores them: a text of a lead erased before (an event in flight at the erasure,
 * arriving after it) is stored as the tombstone the erasure would have left, so the lead's PII does not come back
 * and a redelivery of the event stores nothing either. A text that names no lead (a dead letter or a notification
 * naming only a recommendation) is kept: which lead it belongs to is not known here.
 */
export function textsToStore(
  texts: readonly DraftTextRecord[],
  erased: ErasedLeads,
  erasedAt: string,
): (DraftTextRecord | DraftTextTombstone)[] {
  return texts.map((text) =>
    text.lead_id !== undefined && erased.has(text.tenant, text.lead_id)
      ? { tenant: text.tenant, event_id: text.event_id, kind: text.kind, stored_at: text.stored_at, erased_at: erasedAt }
      : text,
  );
}
