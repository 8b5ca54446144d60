import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { LeadStanding } from '@followup/contracts';
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

/**
 * The lead's country (ISO 3166-1 alpha-2, upper case) as the record gives it, or else as its phone number (E.164)
 * tells it by its country code: the region a national number written about the lead is most likely in. A code with no
 * numbering plan of its own (Antarctica's) gives way to the phone number's, as compliance reads it (leadPhoneContext).
 */
export function leadCountryOf(lead: Pick<Lead, 'country' | 'contacts'>): string | undefined {
  const stated = lead.country?.toUpperCase();
  if (stated && isSupportedCountry(stated)) return stated;
  return phoneCountryOf(lead);
}

function phoneCountryOf(lead: Pick<Lead, 'contacts'>): string | undefined {
  return lead.contacts.phone ? parsePhoneNumberFromString(lead.contacts.phone)?.country : undefined;
}

/** What of the lead decides a recommendation besides its name, as a request and a rejection carry it to the recommender. */
export function leadStandingOf(lead: Pick<Lead, 'account_tier' | 'owner_rep_id' | 'country' | 'contacts' | 'consent'>): LeadStanding {
  const country = leadCountryOf(lead);
  const phoneCountry = phoneCountryOf(lead);
  return {
    account_tier: lead.account_tier,
    owner_rep_id: lead.owner_rep_id,
    country,
    ...(phoneCountry !== undefined && phoneCountry !== country ? { phone_country: phoneCountry } : {}),
    consent: { sms: lead.consent.sms, email: lead.consent.email, phone_call: lead.consent.phone_call },
  };
}
