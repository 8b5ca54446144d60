import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { E164_PHONE_PATTERN, type SuppressibleChannel } from '@followup/contracts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The one form an address is stored and compared in: E.164 for a phone number (it must carry its country code),
 * the lower-cased address for an email. Undefined when it is not an address of the channel.
 *
 * Every address the gateway takes for a lead has a form here (its `@IsEmail()`, its E.164 pattern), even one
 * libphonenumber does not know as a valid number, so that lead's STOP, unsubscribe and send check all find it.
 */
export function normaliseAddress(channel: SuppressibleChannel, raw: string): string | undefined {
  const trimmed = raw.trim();
  if (channel === 'email') {
    const lower = trimmed.toLowerCase();
    return lower.length <= 254 && (EMAIL.test(lower) || isEmail(trimmed)) ? lower : undefined;
  }
  const phone = parsePhoneNumberFromString(trimmed);
  if (phone?.isValid()) return phone.number;
  const compact = trimmed.replace(/[\s().-]/g, '');
  return E164_PHONE_PATTERN.test(compact) ? compact : undefined;
}
