import { CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

const supportedRegion = (code: string | undefined): CountryCode | undefined =>
  code !== undefined && isSupportedCountry(code) ? code : undefined;

/**
 * Where a lead's national phone numbers are most likely written: `country` is the country its record states (upper
 * case), or else the one its own phone number (E.164) dials, a code libphonenumber has no numbering plan for
 * (Antarctica's) giving way to the number's; `phoneCountry` is the dialled one, read from the number, or given where
 * the number itself is not at hand (the recommender's lead snapshot carries no contact details). The gateway derives
 * a lead's `country` and `phone_country` by it, and compliance and the recommender read national numbers by it.
 * Kept apart from the detectors so the gateway takes the rule without loading them (`@followup/pii/lead-country`).
 */
export function leadCountries(lead: { country?: string; phone?: string; phoneCountry?: string }): {
  country?: CountryCode;
  phoneCountry?: CountryCode;
} {
  const stated = supportedRegion(lead.country?.toUpperCase());
  const dialled = supportedRegion(lead.phone ? parsePhoneNumberFromString(lead.phone)?.country : lead.phoneCountry?.toUpperCase());
  return { country: stated ?? dialled, phoneCountry: dialled };
}
