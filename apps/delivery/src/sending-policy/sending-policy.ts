import type { Channel } from '@followup/contracts';
import { ChannelWindow, isTimeZone, nextAllowedMoment, Weekday, WEEKDAYS } from './send-window';

/** A tenant's sending rules. Windows are in the lead's local time; `null` means any time. */
export interface SendingPolicy {
  windows: Record<Channel, ChannelWindow | null>;
  /** Local dates (`YYYY-MM-DD`) on which no channel with a window is used. */
  holidays: string[];
  /** At most one message to a lead per this many hours, across channels and recommendations; 0: no cap. */
  frequency_cap_hours: number;
  /** The zone of leads with neither a time zone nor a country; null: such leads are not held to the windows. */
  default_time_zone: string | null;
}

const ALL_DAYS: Weekday[] = [...WEEKDAYS];
const WORKING_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** What a tenant that never set a policy gets (README, "Sending rules"). */
export const DEFAULT_SENDING_POLICY: SendingPolicy = {
  windows: {
    sms: { start: '08:00', end: '20:00', days: ALL_DAYS },
    phone_call: { start: '08:00', end: '20:00', days: WORKING_DAYS },
    email: null,
  },
  holidays: [],
  frequency_cap_hours: 48,
  default_time_zone: null,
};

/**
 * A country's usual zone where it has several (the most populous one); for the others, the runtime's
 * only (or first) zone of the region.
 */
const COUNTRY_ZONES: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  RU: 'Europe/Moscow',
  CN: 'Asia/Shanghai',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  CL: 'America/Santiago',
};

export function zoneOfCountry(country: string): string | undefined {
  const code = country.toUpperCase();
  if (COUNTRY_ZONES[code]) return COUNTRY_ZONES[code];
  try {
    const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };
    return (locale.getTimeZones?.() ?? locale.timeZones)?.[0];
  } catch {
    return undefined;
  }
}

/** The zone a lead's windows are read in: its own, its country's, the tenant's default, or none. */
export function leadZone(lead: { time_zone?: string; country?: string }, policy: Pick<SendingPolicy, 'default_time_zone'>): string | null {
  if (lead.time_zone && isTimeZone(lead.time_zone)) return lead.time_zone;
  const fromCountry = lead.country ? zoneOfCountry(lead.country) : undefined;
  return fromCountry ?? policy.default_time_zone;
}

export type WaitReason = 'retry_backoff' | 'frequency_cap' | 'send_window';

/** When the frequency cap that counts from `from` ends. */
export function capEndAfter(from: Date, policy: Pick<SendingPolicy, 'frequency_cap_hours'>): Date {
  return new Date(from.getTime() + policy.frequency_cap_hours * 3_600_000);
}

/**
 * When a planned send may happen: not before its retry backoff has passed since the channel's last failure,
 * not within the frequency cap of the lead's last message, and inside the channel's window in the lead's
 * zone. `reason` names what pushed it past `now` (the window if it did, else the cap, else the backoff);
 * undefined `at` when the window never opens.
 */
export function sendTime(input: {
  now: Date;
  channel: Channel;
  retryAfter?: Date;
  lastMessageAt?: Date;
  zone: string | null;
  policy: SendingPolicy;
}): { at: Date | undefined; reason?: WaitReason; capped?: true } {
  const { now, channel, retryAfter, lastMessageAt, zone, policy } = input;
  let earliest = now;
  let reason: WaitReason | undefined;
  let capped = false;
  if (retryAfter && retryAfter > earliest) [earliest, reason] = [retryAfter, 'retry_backoff'];
  if (lastMessageAt && policy.frequency_cap_hours > 0) {
    const capEnds = capEndAfter(lastMessageAt, policy);
    if (capEnds > earliest) [earliest, reason, capped] = [capEnds, 'frequency_cap', true];
  }
  const window = zone ? policy.windows[channel] : null;
  const at = nextAllowedMoment(earliest, window, zone ?? 'UTC', policy.holidays);
  if (at && at > earliest) reason = 'send_window';
  // `capped`: the cap decided the wait, also when the window then moved it on (a message sent meanwhile holds it)
  return { at, reason, ...(capped ? { capped } : {}) };
}
