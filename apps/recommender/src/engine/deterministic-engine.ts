import { AiServiceVersion, ChannelScore, Confidence, LeadSnapshot, RecommendationInput, RecommendationResult } from '@followup/contracts';
import { bestConsentedChannel, rankChannels } from './channel-ranking';
import { scorePriority, SCORER_VERSION, buyingIntentTerms } from './priority-score';
import { chooseAction } from './recommended-action';
import { TEMPLATE_PROMPT_VERSION, writeDraft, writeReasoning } from './template-drafter';

export const DETERMINISTIC_ENGINE_VERSION: AiServiceVersion = {
  engine: 'deterministic',
  model: 'none (built-in template engine; OPENAI_API_KEY not set)',
  prompt_version: TEMPLATE_PROMPT_VERSION,
  scorer_version: SCORER_VERSION,
};

/** Below this many events, or with only stale data, a recommendation is returned flagged low-confidence. */
export const LOW_CONFIDENCE_MAX_EVENTS = 3;
export const STALE_AFTER_DAYS = 90;

export interface Recommendation {
  result: RecommendationResult;
  channel_ranking: ChannelScore[];
  confidence: Confidence;
  score_factors: Record<string, number>;
  ai_service_version: AiServiceVersion;
}

/** The whole recommendation without I/O: same input and clock, same output. */
export function recommendDeterministically(lead: LeadSnapshot, input: RecommendationInput, now: Date): Recommendation {
  const tier = input.account_tier ?? lead.account_tier;
  const priority = scorePriority({ ...input, account_tier: tier }, now);
  const ranking = rankChannels(input.engagement_history, lead.consent);
  const channel = bestConsentedChannel(ranking);
  const intentTerms = buyingIntentTerms(input.recent_activity_summary);
  const action = chooseAction(priority.score, input.recent_activity_summary, channel !== undefined, lead.consent.phone_call);
  const draftInput = {
    firstName: lead.first_name,
    action,
    channel,
    intentTerms,
    daysSinceEngagement: priority.factors.days_since_engagement,
  };
  const sparse = input.engagement_history.length <= LOW_CONFIDENCE_MAX_EVENTS || priority.factors.days_since_engagement > STALE_AFTER_DAYS;
  return {
    result: {
      priority_score: priority.score,
      recommended_action: action,
      recommended_channel: (channel ?? ranking[0]).channel,
      reasoning_summary: writeReasoning(draftInput),
      draft_message: writeDraft(draftInput),
      requires_human_approval: true,
    },
    channel_ranking: ranking,
    confidence: sparse ? 'low' : 'normal',
    score_factors: priority.factors,
    ai_service_version: DETERMINISTIC_ENGINE_VERSION,
  };
}
