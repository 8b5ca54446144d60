import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SuppressibleChannel } from '@followup/contracts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The one form an address is stored and compared in: E.164 for a phone number (it must carry its country code),
 * the lower-cased address for an email. Undefined when it is not an address of the channel.
 */
export function normaliseAddress(channel: SuppressibleChannel, raw: string): string | undefined {
  const trimmed = raw.trim();
  if (channel === 'email') {
    const lower = trimmed.toLowerCase();
    return EMAIL.test(lower) && lower.length <= 254 ? lower : undefined;
  }
  const phone = parsePhoneNumberFromString(trimmed);
  return phone?.isValid() ? phone.number : undefined;
}
