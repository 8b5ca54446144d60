import { Channel, ChannelScore, RecommendedAction } from '@followup/contracts';
import { buyingIntentTerms } from './priority-score';

export const TEMPLATE_PROMPT_VERSION = 'template-v1';

const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', email: 'email', phone_call: 'phone calls' };

export interface DraftInput {
  firstName: string;
  action: RecommendedAction;
  channel: ChannelScore | undefined;
  intentTerms: string[];
  daysSinceEngagement: number;
}

function topic(intentTerms: string[]): string {
  if (intentTerms.includes('pricing') || intentTerms.includes('price') || intentTerms.includes('quote')) return 'your pricing questions';
  if (intentTerms.includes('demo')) return 'the demo';
  if (intentTerms.includes('contract') || intentTerms.includes('proposal')) return 'the proposal';
  if (intentTerms.includes('trial')) return 'your trial';
  return 'our last conversation';
}

export function writeReasoning(input: DraftInput): string {
  if (!input.channel) return 'The lead has not consented to any channel, so no outreach is recommended.';
  const probability = Math.round(input.channel.response_probability * 100);
  const intent = input.intentTerms.length > 0 ? ` and recently showed buying intent (${input.intentTerms.join(', ')})` : '';
  const recency = input.daysSinceEngagement > 30 ? ` Last engagement was ${input.daysSinceEngagement} days ago.` : '';
  return `Lead responds best to ${CHANNEL_LABEL[input.channel.channel]} (estimated ${probability}% response rate)${intent}.${recency}`;
}

export function writeDraft(input: DraftInput): string {
  const about = topic(input.intentTerms);
  switch (input.action) {
    case 'no_action':
      return `No message: ${input.firstName} has not consented to be contacted.`;
    case 'schedule_call':
      return `Hi ${input.firstName}, thanks for your interest. Would you have 20 minutes this week for a call to go over ${about}?`;
    case 'send_information':
      return `Hi ${input.firstName}, as promised I'm sending over more information following ${about}. Happy to answer any questions.`;
    case 'nurture':
      return `Hi ${input.firstName}, just checking in. If anything has changed on your side, I'd be glad to help.`;
    case 'follow_up':
      return input.channel?.channel === 'sms'
        ? `Hi ${input.firstName}, following up on ${about}. Would a customized quote help?`
        : `Hi ${input.firstName}, I wanted to follow up on ${about}. Let me know if you'd like a customized quote or a quick call.`;
  }
}

export { buyingIntentTerms };
