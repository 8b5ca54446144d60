import { EngagementEvent } from '@followup/contracts';

export const HOURS_PER_WEEK = 168;
/** Replies a tier or a tenant needs before its hours are trusted; a lead's own first reply is enough. */
export const MIN_POOLED_REPLIES = 5;

export type SendTimeSource = 'lead' | 'tier' | 'tenant';

/** The hour of the week (UTC, Monday 00:00–00:59 = 0 … Sunday 23:00–23:59 = 167) to send the follow-up at. */
export interface SendTime {
  hour_of_week: number;
  source: SendTimeSource;
  /** How many timestamped replies the prediction rests on. */
  replies: number;
}

export function hourOfWeek(at: Date): number {
  return ((at.getUTCDay() + 6) % 7) * 24 + at.getUTCHours();
}

export function emptyHourCounts(): number[] {
  return new Array<number>(HOURS_PER_WEEK).fill(0);
}

/** Hour counts as records and events keep them: only the hours with replies, by hour of the week. */
export type SparseHourCounts = Record<string, number>;

export function sparseHourCounts(counts: readonly number[]): SparseHourCounts {
  const sparse: SparseHourCounts = {};
  counts.forEach((count, hour) => {
    if (count !== 0) sparse[hour] = count;
  });
  return sparse;
}

/** A tier's and a tenant's reply hours as a decision records them: each sparse. */
export function sparseReplyHours(hours: { tier: readonly number[]; tenant: readonly number[] }): {
  tier: SparseHourCounts;
  tenant: SparseHourCounts;
} {
  return { tier: sparseHourCounts(hours.tier), tenant: sparseHourCounts(hours.tenant) };
}

/** All 168 counts, from the sparse form or from the full list records stored before kept; anything else is left out. */
export function hourCounts(recorded: SparseHourCounts | readonly number[]): number[] {
  const counts = emptyHourCounts();
  const entries: [string, unknown][] = Array.isArray(recorded)
    ? recorded.map((count, hour) => [String(hour), count])
    : Object.entries(recorded);
  for (const [key, count] of entries) {
    const hour = Number(key);
    if (Number.isInteger(hour) && hour >= 0 && hour < HOURS_PER_WEEK && typeof count === 'number' && Number.isFinite(count))
      counts[hour] = count;
  }
  return counts;
}

/**
 * The hour whose neighbourhood (itself and the hours either side, wrapping at the week's end) has the most
 * replies; among equal neighbourhoods the hour with more replies of its own, then the earlier hour.
 */
export function busiestHour(counts: number[]): number {
  const around = (hour: number) =>
    counts[(hour + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK] + counts[hour] + counts[(hour + 1) % HOURS_PER_WEEK];
  let best = 0;
  for (let hour = 1; hour < HOURS_PER_WEEK; hour += 1) {
    if (around(hour) > around(best) || (around(hour) === around(best) && counts[hour] > counts[best])) best = hour;
  }
  return best;
}

/**
 * When the lead answered: the busiest hour of the week among the lead's own timestamped replies, else among
 * the replies of the tenant's leads of the same tier, else of all the tenant's leads. Undefined with no evidence.
 */
export function predictSendTime(history: EngagementEvent[], tierCounts: number[], tenantCounts: number[]): SendTime | undefined {
  const own = emptyHourCounts();
  for (const event of history) if (event.outcome === 'replied' && event.occurred_at) own[hourOfWeek(new Date(event.occurred_at))] += 1;
  const total = (counts: number[]) => counts.reduce((sum, count) => sum + count, 0);
  const candidates: [SendTimeSource, number[], number][] = [
    ['lead', own, 1],
    ['tier', tierCounts, MIN_POOLED_REPLIES],
    ['tenant', tenantCounts, MIN_POOLED_REPLIES],
  ];
  for (const [source, counts, minimum] of candidates) {
    const replies = total(counts);
    if (replies >= minimum) return { hour_of_week: busiestHour(counts), source, replies };
  }
  return undefined;
}
