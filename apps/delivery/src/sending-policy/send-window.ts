/**
 * Local-time arithmetic for send windows with the runtime's own time-zone database (Intl, which Node
 * ships with full ICU): a few lines of offset arithmetic, so no date library is needed.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a channel may reach a lead, in the lead's local time: `HH:MM` from (inclusive) to (exclusive), on these days. */
export interface ChannelWindow {
  start: string;
  end: string;
  days: Weekday[];
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Whether the runtime knows the IANA zone. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function localParts(instant: number, zone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds; Intl gives no milliseconds). */
function offsetAt(instant: number, zone: string): number {
  const local = localParts(instant, zone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in the zone. A time skipped by a DST change (02:30 on a spring-forward
 * night) is taken as the same distance past the change (03:30); a repeated one (fall-back) as its later occurrence.
 */
export function zonedInstant(date: LocalDate, time: string, zone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const first = wall - offsetAt(wall, zone);
  const settled = offsetAt(first, zone);
  return settled === offsetAt(wall, zone) ? first : wall - settled;
}

function nextDay({ year, month, day }: LocalDate): LocalDate {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function isoDate({ year, month, day }: LocalDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Enough local days to get past any set of allowed days and a year of holidays. */
const MAX_DAYS_AHEAD = 400;

/**
 * The first moment at or after `from` when the window allows a send in `zone`: `from` itself when it is
 * inside the window, else the window's start on the next allowed local day that is not a holiday
 * (`YYYY-MM-DD`, local dates). No window: any moment is allowed. Undefined when the window never opens.
 */
export function nextAllowedMoment(
  from: Date,
  window: ChannelWindow | null,
  zone: string,
  holidays: readonly string[] = [],
): Date | undefined {
  if (!window) return from;
  const instant = from.getTime();
  let date: LocalDate = localParts(instant, zone);
  for (let days = 0; days < MAX_DAYS_AHEAD; days += 1, date = nextDay(date)) {
    const weekday = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()];
    if (!window.days.includes(weekday) || holidays.includes(isoDate(date))) continue;
    const opens = zonedInstant(date, window.start, zone);
    const closes = zonedInstant(date, window.end, zone);
    if (instant < opens) return new Date(opens);
    if (instant < closes) return from;
  }
  return undefined;
}
