import { AccountTier, EngagementEvent, Outcome } from '@followup/contracts';

export const SCORER_VERSION = 'priority-v1+channel-beta-v2';

/** How much one engagement says about interest: replied > opened > delivered > no_response / bounced. */
export const OUTCOME_STRENGTH: Record<Outcome, number> = {
  replied: 1,
  opened: 0.5,
  delivered: 0.15,
  no_response: 0,
  bounced: 0,
};

/** Days after which the recency factor has halved. */
export const RECENCY_HALF_LIFE_DAYS = 14;

export const BUYING_INTENT_TERMS = ['pricing', 'price', 'quote', 'demo', 'contract', 'proposal', 'trial', 'purchase', 'budget', 'renewal'];

const TIER_POINTS: Record<AccountTier | 'unknown', number> = { enterprise: 10, 'mid-market': 7, smb: 4, unknown: 5 };
const MAX_ENGAGEMENT_POINTS = 40;
const MAX_RECENCY_POINTS = 30;
const POINTS_PER_INTENT_TERM = 10;
const MAX_INTENT_POINTS = 20;

export interface PriorityInput {
  last_engagement_date: string;
  engagement_history: EngagementEvent[];
  recent_activity_summary?: string;
  account_tier?: AccountTier;
}

export interface PriorityScore {
  score: number;
  factors: { engagement: number; recency: number; intent: number; tier: number; days_since_engagement: number };
}

export function daysBetween(earlier: Date, later: Date): number {
  return Math.max(0, (later.getTime() - earlier.getTime()) / 86_400_000);
}

/** Buying-intent terms found in the activity summary, each counted once. */
export function buyingIntentTerms(summary: string | undefined): string[] {
  const text = (summary ?? '').toLowerCase();
  return BUYING_INTENT_TERMS.filter((term) => new RegExp(`\\b${term}`).test(text));
}

/**
 * Priority 0–100 as the sum of four explainable parts: engagement strength (up to 40, later events
 * weigh more), recency of `last_engagement_date` (up to 30, halving every 14 days), buying intent in the
 * activity summary (up to 20) and account tier (up to 10).
 */
export function scorePriority(input: PriorityInput, now: Date): PriorityScore {
  const history = input.engagement_history;
  const positionWeights = history.map((_, index) => index + 1);
  const totalWeight = positionWeights.reduce((sum, weight) => sum + weight, 0);
  const strength =
    totalWeight === 0
      ? 0
      : history.reduce((sum, event, index) => sum + OUTCOME_STRENGTH[event.outcome] * positionWeights[index], 0) / totalWeight;
  const engagement = MAX_ENGAGEMENT_POINTS * strength;

  const daysSince = daysBetween(new Date(input.last_engagement_date), now);
  const recency = MAX_RECENCY_POINTS * Math.pow(0.5, daysSince / RECENCY_HALF_LIFE_DAYS);
  const intent = Math.min(MAX_INTENT_POINTS, POINTS_PER_INTENT_TERM * buyingIntentTerms(input.recent_activity_summary).length);
  const tier = TIER_POINTS[input.account_tier ?? 'unknown'];

  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    score: Math.max(0, Math.min(100, Math.round(engagement + recency + intent + tier))),
    factors: {
      engagement: round1(engagement),
      recency: round1(recency),
      intent: round1(intent),
      tier,
      days_since_engagement: Math.floor(daysSince),
    },
  };
}
