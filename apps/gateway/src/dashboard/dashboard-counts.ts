import type { Channel, DeliveryOutcome, ReviewDecision } from '@followup/contracts';

/** What the dashboard reads of a recommendation record. */
export interface DashboardRecord {
  created_at: Date;
  review?: { decision: ReviewDecision; reviewed_at: Date; rejection_reason?: string };
  delivery?: { channel: Channel; outcome: DeliveryOutcome; final: boolean; attempted_at: Date };
}

export interface DayCounts {
  date: string;
  approved: number;
  edited_and_approved: number;
  rejected: number;
  delivered: number;
  failed: number;
}

export interface DashboardCounts {
  reviews: { approved: number; edited_and_approved: number; rejected: number; edit_rate: number | null };
  rejections_by_reason: { reason: string; count: number }[];
  deliveries_by_channel: { channel: Channel; outcome: DeliveryOutcome; count: number }[];
  by_day: DayCounts[];
}

/** A rejection's category: the console sends `category: note`; any other reason counts as `unspecified`. */
export function rejectionCategory(reason: string | undefined): string {
  return /^([a-z][a-z_]{0,39})(:|$)/.exec(reason?.trim() ?? '')?.[1] ?? 'unspecified';
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The review and delivery counts of the given recommendations, in total and per UTC day from `from` to `to`:
 * decisions by the day they were made, deliveries (final outcomes only) by the day of their last attempt.
 */
export function dashboardCounts(records: readonly DashboardRecord[], from: Date, to: Date): DashboardCounts {
  const days = new Map<string, DayCounts>();
  for (let day = new Date(`${dayOf(from)}T00:00:00Z`); day <= to; day = new Date(day.getTime() + 86_400_000)) {
    days.set(dayOf(day), { date: dayOf(day), approved: 0, edited_and_approved: 0, rejected: 0, delivered: 0, failed: 0 });
  }
  const reviews = { approved: 0, edited_and_approved: 0, rejected: 0 };
  const reasons = new Map<string, number>();
  const deliveries = new Map<string, { channel: Channel; outcome: DeliveryOutcome; count: number }>();
  for (const { review, delivery } of records) {
    if (review && review.reviewed_at >= from && review.reviewed_at <= to) {
      reviews[review.decision] += 1;
      const day = days.get(dayOf(review.reviewed_at));
      if (day) day[review.decision] += 1;
      if (review.decision === 'rejected') {
        const category = rejectionCategory(review.rejection_reason);
        reasons.set(category, (reasons.get(category) ?? 0) + 1);
      }
    }
    if (delivery?.final && delivery.attempted_at >= from && delivery.attempted_at <= to) {
      const key = `${delivery.channel}/${delivery.outcome}`;
      const entry = deliveries.get(key) ?? { channel: delivery.channel, outcome: delivery.outcome, count: 0 };
      entry.count += 1;
      deliveries.set(key, entry);
      const day = days.get(dayOf(delivery.attempted_at));
      if (day && (delivery.outcome === 'delivered' || delivery.outcome === 'failed')) day[delivery.outcome] += 1;
    }
  }
  const approvals = reviews.approved + reviews.edited_and_approved;
  return {
    reviews: { ...reviews, edit_rate: approvals === 0 ? null : reviews.edited_and_approved / approvals },
    rejections_by_reason: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    deliveries_by_channel: [...deliveries.values()].sort(
      (a, b) => a.channel.localeCompare(b.channel) || a.outcome.localeCompare(b.outcome),
    ),
    by_day: [...days.values()],
  };
}
