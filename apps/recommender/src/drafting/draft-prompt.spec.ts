import { LeadSnapshot } from '@followup/contracts';
import { analyzeLead } from '../engine/lead-analysis';
import { draftPromptMessages, parseDraftOutput } from './draft-prompt';

const lead: LeadSnapshot = {
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-1',
  consent: { sms: true, email: true, phone_call: false },
};
const analysis = analyzeLead(
  lead,
  {
    last_engagement_date: '2026-04-20',
    engagement_history: [
      { type: 'sms', outcome: 'replied' },
      { type: 'email', outcome: 'opened' },
      { type: 'sms', outcome: 'replied' },
    ],
    recent_activity_summary: 'Asked for pricing.',
  },
  new Date('2026-04-21T00:00:00Z'),
);

describe('draftPromptMessages', () => {
  it('gives the model the facts it needs and the rejection reason when there is one', () => {
    const [system, user] = draftPromptMessages(analysis, 'too pushy');
    expect(system.role).toBe('system');
    expect(JSON.parse(user.content)).toMatchObject({
      first_name: 'Sarah',
      recommended_channel: 'sms',
      outcomes_by_channel: { sms: { replied: 2 }, email: { opened: 1 } },
      previous_draft_rejected_because: 'too pushy',
    });
  });
});

describe('parseDraftOutput', () => {
  const good = {
    reasoning_summary: 'Replies by SMS and asked about pricing.',
    draft_message: 'Hi Sarah, here is the pricing overview you asked for.',
  };

  it('accepts the requested JSON addressed to the lead', () => {
    expect(parseDraftOutput(JSON.stringify(good), 'Sarah')).toEqual(good);
  });

  it.each([
    [null, 'empty answer'],
    ['Sure! Here is a draft: Hi Sarah', 'answer is not JSON'],
    ['[1]', 'answer is not a JSON object'],
    [JSON.stringify({ reasoning_summary: 'ok' }), 'invalid fields: reasoning_summary, draft_message'],
    [JSON.stringify({ ...good, draft_message: 'Hello there, following up on pricing.' }), 'draft does not address the lead by first name'],
  ])('rejects %s', (content, problem) => {
    expect(parseDraftOutput(content, 'Sarah')).toEqual({ problem });
  });
});
