import { Channel, ChannelScore, Confidence, LeadSnapshot, RecommendationInput, RecommendedAction } from '@followup/contracts';
import { readBuyingIntent } from '../models/buying-intent';
import { PriorityModel } from '../models/priority-model';
import { emptyHourCounts, predictSendTime, SendTime } from '../models/send-time';
import { bestConsentedChannel, ChannelHistory, NO_HISTORY, rankChannels } from './channel-ranking';
import { PriorityScore, scorePriority, scorerVersion } from './priority-score';
import { withoutSuppressedChannels } from '../suppression/suppressed-channels';
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
  /** When to send: the hour of the week the lead (or its tier, or its tenant) answered at. */
  sendTime?: SendTime;
  /** The priority model snapshot and channel estimator that decided, for ai_service_version. */
  scorerVersion: string;
  confidence: Confidence;
  /** What the rep should add to the lead when confidence is low. */
  completenessPrompt?: string;
  input: RecommendationInput;
}

/** The channel the recommendation names and its draft is written for: the best consented one, else the best ranked. */
export function recommendedChannel(analysis: LeadAnalysis): Channel {
  return (analysis.channel ?? analysis.ranking[0]).channel;
}

export function completenessPrompt(eventCount: number, daysSinceEngagement: number): string | undefined {
  const asks: string[] = [];
  if (eventCount <= LOW_CONFIDENCE_MAX_EVENTS)
    asks.push(`only ${eventCount} engagement events are logged; log recent calls, emails and texts with their outcomes`);
  if (daysSinceEngagement > STALE_AFTER_DAYS)
    asks.push(`the last engagement was ${daysSinceEngagement} days ago; confirm the lead is still active and update last_engagement_date`);
  return asks.length === 0 ? undefined : `Low confidence: ${asks.join('; ')}.`;
}

/** What the recommender knows beyond the request: learned priors, the model snapshot, reply hours. */
export interface AnalysisContext {
  /** The tenant's outcomes per channel for the lead's tier. */
  tierHistory?: ChannelHistory;
  /** How many observations the tier prior is worth against the lead's own. */
  priorStrength?: number;
  /** The priority model snapshot; the built-in prior model when absent. */
  model?: PriorityModel;
  /** Replies per hour of the week, of the lead's tier and of the whole tenant. */
  replyHours?: { tier: number[]; tenant: number[] };
  /** The channels the lead opted out of (delivery's suppression list): left out of the ranking. */
  suppressedChannels?: readonly Channel[];
}

export function analyzeLead(lead: LeadSnapshot, input: RecommendationInput, now: Date, context: AnalysisContext = {}): LeadAnalysis {
  const tier = input.account_tier ?? lead.account_tier;
  const intent = readBuyingIntent(input.recent_activity_summary);
  const priority = scorePriority({ ...input, account_tier: tier }, now, context.model, intent.intent);
  const ranking = withoutSuppressedChannels(
    rankChannels(input.engagement_history, lead.consent, context.tierHistory ?? NO_HISTORY, context.priorStrength),
    context.suppressedChannels ?? [],
  );
  const channel = bestConsentedChannel(ranking);
  const prompt = completenessPrompt(input.engagement_history.length, priority.factors.days_since_engagement);
  const noHours = emptyHourCounts();
  return {
    firstName: lead.first_name,
    priority,
    ranking,
    channel,
    action: chooseAction(priority.score, input.recent_activity_summary, intent.intent, channel !== undefined, lead.consent.phone_call),
    intentTerms: intent.terms,
    sendTime: predictSendTime(input.engagement_history, context.replyHours?.tier ?? noHours, context.replyHours?.tenant ?? noHours),
    scorerVersion: scorerVersion(priority.snapshot_id),
    confidence: prompt ? 'low' : 'normal',
    completenessPrompt: prompt,
    input: { ...input, account_tier: tier },
  };
}
