import { ChannelScore, Confidence, LeadSnapshot, RecommendationInput, RecommendedAction } from '@followup/contracts';
import { bestConsentedChannel, ChannelHistory, NO_HISTORY, rankChannels } from './channel-ranking';
import { buyingIntentTerms, PriorityScore, scorePriority } from './priority-score';
import { chooseAction } from './recommended-action';

/** At or below this many events, or with only stale data, a recommendation is flagged low-confidence. */
export const LOW_CONFIDENCE_MAX_EVENTS = 3;
export const STALE_AFTER_DAYS = 90;

/** Everything decided about a lead before any text is written; deterministic for the same input and clock. */
export interface LeadAnalysis {
  firstName: string;
  priority: PriorityScore;
  ranking: ChannelScore[];
  channel: ChannelScore | undefined;
  action: RecommendedAction;
  intentTerms: string[];
  confidence: Confidence;
  /** What the rep should add to the lead when confidence is low. */
  completenessPrompt?: string;
  input: RecommendationInput;
}

export function completenessPrompt(eventCount: number, daysSinceEngagement: number): string | undefined {
  const asks: string[] = [];
  if (eventCount <= LOW_CONFIDENCE_MAX_EVENTS)
    asks.push(`only ${eventCount} engagement events are logged; log recent calls, emails and texts with their outcomes`);
  if (daysSinceEngagement > STALE_AFTER_DAYS)
    asks.push(`the last engagement was ${daysSinceEngagement} days ago; confirm the lead is still active and update last_engagement_date`);
  return asks.length === 0 ? undefined : `Low confidence: ${asks.join('; ')}.`;
}

export function analyzeLead(
  lead: LeadSnapshot,
  input: RecommendationInput,
  now: Date,
  tierHistory: ChannelHistory = NO_HISTORY,
  priorStrength?: number,
): LeadAnalysis {
  const tier = input.account_tier ?? lead.account_tier;
  const priority = scorePriority({ ...input, account_tier: tier }, now);
  const ranking = rankChannels(input.engagement_history, lead.consent, tierHistory, priorStrength);
  const channel = bestConsentedChannel(ranking);
  const prompt = completenessPrompt(input.engagement_history.length, priority.factors.days_since_engagement);
  return {
    firstName: lead.first_name,
    priority,
    ranking,
    channel,
    action: chooseAction(priority.score, input.recent_activity_summary, channel !== undefined, lead.consent.phone_call),
    intentTerms: buyingIntentTerms(input.recent_activity_summary),
    confidence: prompt ? 'low' : 'normal',
    completenessPrompt: prompt,
    input: { ...input, account_tier: tier },
  };
}
