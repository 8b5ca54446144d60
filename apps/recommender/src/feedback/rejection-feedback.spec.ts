import { LeadSnapshot } from '@followup/contracts';
import { analyzeLead } from '../engine/lead-analysis';
import { applyRejection, classifyRejection } from './rejection-feedback';

describe('classifyRejection', () => {
  it.each([
    ['She prefers email, never text her', 'wrong_channel'],
    ['Not interested anymore, bought elsewhere', 'not_interested'],
    ['Too soon, she is on vacation until next month', 'bad_timing'],
    ['Tone is too pushy', 'content'],
    ['Just no', 'other'],
  ])('%s → %s', (reason, category) => {
    expect(classifyRejection(reason)).toBe(category);
  });
});

describe('applyRejection', () => {
  const lead: LeadSnapshot = {
    lead_id: 'L',
    first_name: 'Sarah',
    owner_rep_id: 'r',
    consent: { sms: true, email: true, phone_call: false },
  };
  const analysis = analyzeLead(
    lead,
    {
      last_engagement_date: '2026-04-20',
      engagement_history: [
        { type: 'sms', outcome: 'replied' },
        { type: 'email', outcome: 'opened' },
      ],
    },
    new Date('2026-04-21T00:00:00Z'),
  );

  it('does not recommend the rejected channel again', () => {
    expect(analysis.channel?.channel).toBe('sms');
    expect(applyRejection(analysis, 'wrong_channel', 'sms').channel?.channel).toBe('email');
  });

  it('turns no-interest into no action and bad timing into nurture', () => {
    expect(applyRejection(analysis, 'not_interested', 'sms').action).toBe('no_action');
    expect(applyRejection(analysis, 'bad_timing', 'sms').action).toBe('nurture');
    expect(applyRejection(analysis, 'content', 'sms')).toBe(analysis);
  });
});
