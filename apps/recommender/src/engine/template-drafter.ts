import { Channel, RecommendedAction } from '@followup/contracts';
import type { LeadAnalysis } from './lead-analysis';

export const TEMPLATE_VERSION = 'template-v1';

const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', email: 'email', phone_call: 'phone calls' };

function topic(intentTerms: string[]): string {
  const mentions = (...terms: string[]) => terms.some((term) => intentTerms.includes(term));
  if (mentions('pricing', 'price', 'quote', 'cost', 'license', 'licence', 'licensing')) return 'your pricing questions';
  if (mentions('demo', 'demonstration', 'walkthrough')) return 'the demo';
  if (mentions('contract', 'proposal')) return 'the proposal';
  if (mentions('trial', 'pilot')) return 'your trial';
  return 'our last conversation';
}

export function writeReasoning(analysis: LeadAnalysis): string {
  if (!analysis.channel) return 'The lead has not consented to any channel, so no outreach is recommended.';
  const probability = Math.round(analysis.channel.response_probability * 100);
  const intent = analysis.intentTerms.length > 0 ? ` and recently showed buying intent (${analysis.intentTerms.join(', ')})` : '';
  const days = analysis.priority.factors.days_since_engagement;
  const recency = days > 30 ? ` Last engagement was ${days} days ago.` : '';
  return `Lead responds best to ${CHANNEL_LABEL[analysis.channel.channel]} (estimated ${probability}% response rate)${intent}.${recency}`;
}

const DRAFTS: Record<RecommendedAction, (name: string, about: string, channel: Channel | undefined) => string> = {
  no_action: (name) => `No message: ${name} has not consented to be contacted.`,
  schedule_call: (name, about) =>
    `Hi ${name}, thanks for your interest. Would you have 20 minutes this week for a call to go over ${about}?`,
  send_information: (name, about) =>
    `Hi ${name}, as promised I'm sending over more information following ${about}. Happy to answer any questions.`,
  nurture: (name) => `Hi ${name}, just checking in. If anything has changed on your side, I'd be glad to help.`,
  follow_up: (name, about, channel) =>
    channel === 'sms'
      ? `Hi ${name}, following up on ${about}. Would a customized quote help?`
      : `Hi ${name}, I wanted to follow up on ${about}. Let me know if you'd like a customized quote or a quick call.`,
};

export function writeDraft(analysis: LeadAnalysis): string {
  return DRAFTS[analysis.action](analysis.firstName, topic(analysis.intentTerms), analysis.channel?.channel);
}
