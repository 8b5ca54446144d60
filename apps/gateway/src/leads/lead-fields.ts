import type { LeadStanding } from '@followup/contracts';
import { leadCountries } from '@followup/pii/lead-country';
import { Lead } from './lead.repository';

/** The lead as the API returns it and as `lead.upserted` carries it: the stored fields, without the store's own. */
export function leadFieldsOf(lead: Lead) {
  return {
    lead_id: lead.lead_id,
    first_name: lead.first_name,
    last_name: lead.last_name,
    account_tier: lead.account_tier,
    owner_rep_id: lead.owner_rep_id,
    time_zone: lead.time_zone,
    country: lead.country,
    contacts: { email: lead.contacts.email, phone: lead.contacts.phone },
    consent: { sms: lead.consent.sms, email: lead.consent.email, phone_call: lead.consent.phone_call },
    version: lead.version,
    updated_at: new Date(lead.updated_at).toISOString(),
  };
}

/** What of the lead decides a recommendation besides its name, as a request and a rejection carry it to the recommender. */
export function leadStandingOf(lead: Pick<Lead, 'account_tier' | 'owner_rep_id' | 'country' | 'contacts' | 'consent'>): LeadStanding {
  const { country, phoneCountry } = leadCountries({ country: lead.country, phone: lead.contacts.phone });
  return {
    account_tier: lead.account_tier,
    owner_rep_id: lead.owner_rep_id,
    country,
    ...(phoneCountry !== undefined && phoneCountry !== country ? { phone_country: phoneCountry } : {}),
    consent: { sms: lead.consent.sms, email: lead.consent.email, phone_call: lead.consent.phone_call },
  };
}
