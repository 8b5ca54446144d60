import { LeadSnapshot, RecommendationInput } from '@followup/contracts';
import { bestConsentedChannel, NO_HISTORY, rankChannels } from './channel-ranking';
import { readBuyingIntent } from '../models/buying-intent';
import { analyzeLead } from './lead-analysis';
import { writeDraft, writeReasoning } from './template-drafter';

// the real reading, counted
jest.mock('../models/buying-intent', () => {
  const actual = jest.requireActual('../models/buying-intent');
  return { ...actual, readBuyingIntent: jest.fn(actual.readBuyingIntent) };
});

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
    // Prior Beta(1, 2) on every channel, then the lead's own replies over attempts (an open is not a reply):
    // sms (1+1)/(3+1) = 0.5; email (1+0)/(3+1) = 0.25; phone_call (1+0)/(3+1) = 0.25 (a tie: channel order)
    expect(rankChannels(specExample.engagement_history, allConsent)).toEqual([
      { channel: 'sms', response_probability: 0.5, consented: true },
      { channel: 'email', response_probability: 0.25, consented: true },
      { channel: 'phone_call', response_probability: 0.25, consented: true },
    ]);
  });

  it('never picks a channel without consent', () => {
    const ranking = rankChannels(specExample.engagement_history, { sms: false, email: true, phone_call: true });
    expect(ranking[0]).toMatchObject({ channel: 'sms', consented: false });
    expect(bestConsentedChannel(ranking)?.channel).toBe('email');
  });

  it('leans on the tenant-and-tier prior when the lead has no outcomes on a channel', () => {
    const tier = { ...NO_HISTORY, phone_call: { responses: 80, attempts: 100 }, email: { responses: 5, attempts: 100 } };
    // No own outcomes, so each channel is its tier rate (1 + responses) / (3 + attempts):
    // phone_call 81/103 = 0.786; sms 1/3 = 0.333; email 6/103 = 0.058
    expect(rankChannels([], allConsent, tier, 4)).toEqual([
      { channel: 'phone_call', response_probability: 0.786, consented: true },
      { channel: 'sms', response_probability: 0.333, consented: true },
      { channel: 'email', response_probability: 0.058, consented: true },
    ]);
  });

  it("lets a lead's own replies outweigh a weak prior", () => {
    const tier = { ...NO_HISTORY, email: { responses: 60, attempts: 100 } };
    const history = [1, 2, 3, 4].map(() => ({ type: 'sms' as const, outcome: 'replied' as const }));
    // A prior worth 4 observations plus the lead's own: sms (4 x 1/3 + 4) / (4 + 4) = 2/3 = 0.667;
    // email keeps its tier rate 61/103 = 0.592; phone_call 1/3 = 0.333
    expect(rankChannels(history, allConsent, tier, 4)).toEqual([
      { channel: 'sms', response_probability: 0.667, consented: true },
      { channel: 'email', response_probability: 0.592, consented: true },
      { channel: 'phone_call', response_probability: 0.333, consented: true },
    ]);
  });
});

describe('analyzeLead and the templates', () => {
  it('answers the spec example with SMS, a follow-up about pricing, and a low-confidence prompt', () => {
    const analysis = analyzeLead(lead, specExample, now);
    expect(analysis).toMatchObject({ action: 'follow_up', confidence: 'low' });
    expect(analysis.channel?.channel).toBe('sms');
    expect(analysis.completenessPrompt).toMatch(/only 3 engagement events/);
    expect(writeDraft(analysis)).toMatch(/^Hi Sarah, .*pricing/);
    expect(writeReasoning(analysis)).toMatch(/SMS/);
  });

  it('reads the activity summary once, for both the priority model and the action', () => {
    jest.mocked(readBuyingIntent).mockClear();
    const analysis = analyzeLead(lead, specExample, now);
    expect(readBuyingIntent).toHaveBeenCalledTimes(1);
    expect(analysis.intentTerms).toEqual(['price', 'demo']);
    expect(analysis.priority.factors.intent).toBeGreaterThan(0); // intent +1 has a positive weight in the prior model
  });

  it('is reproducible for the same input and clock', () => {
    expect(analyzeLead(lead, specExample, now)).toEqual(analyzeLead(lead, specExample, now));
  });

  it('recommends no action when the lead consented to nothing', () => {
    const analysis = analyzeLead({ ...lead, consent: { sms: false, email: false, phone_call: false } }, specExample, now);
    expect(analysis.action).toBe('no_action');
    expect(writeDraft(analysis)).toMatch(/^No message/);
  });

  it('is normal confidence with enough recent events', () => {
    const rich = {
      ...specExample,
      engagement_history: [...specExample.engagement_history, { type: 'sms' as const, outcome: 'replied' as const }],
    };
    const analysis = analyzeLead(lead, rich, now);
    expect(analysis.confidence).toBe('normal');
    expect(analysis.completenessPrompt).toBeUndefined();
  });

  it('flags stale data even with many events', () => {
    const many = { ...specExample, engagement_history: Array(6).fill({ type: 'email', outcome: 'opened' }) };
    const analysis = analyzeLead(lead, many, new Date('2026-12-01T00:00:00Z'));
    expect(analysis.confidence).toBe('low');
    expect(analysis.completenessPrompt).toMatch(/days ago/);
  });
});
