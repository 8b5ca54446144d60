import { getOrCreate } from '@followup/config';
import { ERASED_TEXT, ERASED_VERSION, LeadUpsertedEvent } from '@followup/contracts';
import { ContactRecord } from './contact.schema';

/** Delivery's contact entry as a lead version gives it. */
export function contactOf(event: LeadUpsertedEvent): ContactRecord {
  const { lead_id, first_name, owner_rep_id, time_zone, country, contacts, consent, version } = event.payload;
  return {
    tenant: event.tenant,
    lead_id,
    first_name,
    owner_rep_id,
    time_zone: time_zone ?? null,
    country: country ?? null,
    contacts,
    consent,
    version,
  };
}

/** What erasure touches of a contact entry, in the collection (DeliveryErasureRepository) and in memory (erasedContact). */
export const CONTACT_ERASURE = { blank: ['first_name'], remove: ['contacts.email', 'contacts.phone'] } as const;

/** The entry an erasure creates for a lead delivery holds none of yet: no name, no address, no consent. */
export function contactTombstone(tenant: string, leadId: string): ContactRecord {
  return {
    tenant,
    lead_id: leadId,
    first_name: ERASED_TEXT,
    owner_rep_id: ERASED_TEXT,
    time_zone: null,
    country: null,
    contacts: {},
    consent: { sms: false, email: false, phone_call: false },
    version: ERASED_VERSION,
  };
}

/**
 * A contact entry after its lead was erased, as CONTACT_ERASURE leaves it in the collection: the name blanked, the
 * addresses removed, held at ERASED_VERSION (so no version of the lead, one still on its way or a later one, fills it
 * again).
 */
export function erasedContact(contact: ContactRecord): ContactRecord {
  const contacts = { ...contact.contacts };
  delete contacts.email;
  delete contacts.phone;
  return { ...contact, first_name: ERASED_TEXT, contacts, version: ERASED_VERSION };
}

/** The contact entries of every tenant, changed as the `contacts` collection is: by lead version, and by erasure. */
export class ContactIndex {
  private readonly byTenant = new Map<string, Map<string, ContactRecord>>();

  constructor(contacts: Iterable<ContactRecord> = []) {
    for (const contact of contacts) this.set(contact);
  }

  find(tenant: string, leadId: string): ContactRecord | null {
    return this.byTenant.get(tenant)?.get(leadId) ?? null;
  }

  /** As ContactRepository.applyVersion: only a newer version than the one held replaces the entry. */
  applyVersion(contact: ContactRecord): boolean {
    const held = this.find(contact.tenant, contact.lead_id);
    if (held && held.version >= contact.version) return false;
    this.set(contact);
    return true;
  }

  /** The lead's entry keeps no name or address, and no version of the lead replaces it (a lead without one gets a tombstone). */
  erase(tenant: string, leadId: string): void {
    const held = this.find(tenant, leadId);
    this.set(held ? erasedContact(held) : contactTombstone(tenant, leadId));
  }

  private set(contact: ContactRecord): void {
    getOrCreate(this.byTenant, contact.tenant, () => new Map()).set(contact.lead_id, contact);
  }
}
