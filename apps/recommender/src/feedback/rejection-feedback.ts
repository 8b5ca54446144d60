import { Channel } from '@followup/contracts';
import { bestConsentedChannel } from '../engine/channel-ranking';
import type { LeadAnalysis } from '../engine/lead-analysis';

export const REJECTION_CATEGORIES = ['wrong_channel', 'not_interested', 'bad_timing', 'content', 'other'] as const;
export type RejectionCategory = (typeof REJECTION_CATEGORIES)[number];

const RULES: [RejectionCategory, RegExp][] = [
  [
    'not_interested',
    /\b(not interested|unsubscribe|opt(ed)?[- ]?out|do not contact|don'?t contact|stop contacting|lost|churned|bought elsewhere)\b/i,
  ],
  ['wrong_channel', /\b(channel|sms|text(s|ing)?|e-?mail|phone|call(s|ing)?|prefers?)\b/i],
  ['bad_timing', /\b(too soon|timing|later|next (week|month|quarter)|on (leave|vacation|holiday)|wait)\b/i],
  ['content', /\b(tone|pushy|wording|generic|wrong (info|information|product)|typo|too long|too short|price|pricing|discount)\b/i],
];

/** What kind of objection a rep's free-text rejection reason is, by the first rule that matches. */
export function classifyRejection(reason: string): RejectionCategory {
  return RULES.find(([, pattern]) => pattern.test(reason))?.[0] ?? 'other';
}

/**
 * The analysis changed by the rep's objection: a wrong channel is not recommended again, a lead that is not
 * interested gets no action, bad timing becomes nurture. Content objections keep the analysis and go to the
 * drafter with the reason.
 */
export function applyRejection(analysis: LeadAnalysis, category: RejectionCategory, rejectedChannel: Channel): LeadAnalysis {
  switch (category) {
    case 'wrong_channel': {
      const ranking = analysis.ranking.map((score) => (score.channel === rejectedChannel ? { ...score, consented: false } : score));
      const channel = bestConsentedChannel(ranking);
      return { ...analysis, channel, action: channel ? analysis.action : 'no_action' };
    }
    case 'not_interested':
      return { ...analysis, action: 'no_action' };
    case 'bad_timing':
      return { ...analysis, action: 'nurture' };
    default:
      return analysis;
  }
}
