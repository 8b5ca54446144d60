import { LeadSnapshot, RecommendationInput } from '@followup/contracts';
import { bestConsentedChannel, rankChannels } from './channel-ranking';
import { recommendDeterministically } from './deterministic-engine';

const allConsent = { sms: true, email: true, phone_call: true };
const lead: LeadSnapshot = {
  lead_id: 'LD-2048',
  first_name: 'Sarah',
  account_tier: 'mid-market',
  owner_rep_id: 'rep-1',
  consent: allConsent,
};
const specExample: RecommendationInput = {
  account_tier: 'mid-market',
  last_engagement_date: '2026-04-20',
  engagement_history: [
    { type: 'email', outcome: 'opened' },
    { type: 'phone_call', outcome: 'no_response' },
    { type: 'sms', outcome: 'replied' },
  ],
  recent_activity_summary: 'Requested pricing information during product demo.',
};
const now = new Date('2026-04-22T00:00:00Z');

describe('rankChannels', () => {
  it('ranks the channel the lead replied on first', () => {
    expect(rankChannels(specExample.engagement_history, allConsent)[0].channel).toBe('sms');
  });

  it('never picks a channel without consent', () => {
    const ranking = rankChannels(specExample.engagement_history, { sms: false, email: true, phone_call: true });
    expect(ranking[0]).toMatchObject({ channel: 'sms', consented: false });
    expect(bestConsentedChannel(ranking)?.channel).toBe('email');
  });
});

describe('recommendDeterministically', () => {
  it('answers the spec example with SMS, a follow-up about pricing, and human approval', () => {
    const recommendation = recommendDeterministically(lead, specExample, now);
    expect(recommendation.result).toMatchObject({
      recommended_action: 'follow_up',
      recommended_channel: 'sms',
      requires_human_approval: true,
    });
    expect(recommendation.result.draft_message).toMatch(/^Hi Sarah, /);
    expect(recommendation.result.draft_message).toMatch(/pricing/);
    expect(recommendation.result.reasoning_summary).toMatch(/SMS/);
    expect(recommendation.confidence).toBe('low');
    expect(recommendation.ai_service_version.engine).toBe('deterministic');
  });

  it('is reproducible for the same input and clock', () => {
    expect(recommendDeterministically(lead, specExample, now)).toEqual(recommendDeterministically(lead, specExample, now));
  });

  it('recommends no action when the lead consented to nothing', () => {
    const noConsent = { ...lead, consent: { sms: false, email: false, phone_call: false } };
    expect(recommendDeterministically(noConsent, specExample, now).result.recommended_action).toBe('no_action');
  });

  it('is normal confidence with enough recent events', () => {
    const rich = {
      ...specExample,
      engagement_history: [...specExample.engagement_history, { type: 'sms' as const, outcome: 'replied' as const }],
    };
    expect(recommendDeterministically(lead, rich, now).confidence).toBe('normal');
  });
});
