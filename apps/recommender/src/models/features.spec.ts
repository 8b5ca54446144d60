import { extractFeatures } from './features';

const now = new Date('2026-05-01T00:00:00Z');

describe('extractFeatures', () => {
  it('reads recency, decayed per-channel outcomes, trend, intent, tier and tenure', () => {
    const features = extractFeatures(
      {
        account_tier: 'mid-market',
        last_engagement_date: '2026-05-01',
        engagement_history: [
          { type: 'email', outcome: 'opened', occurred_at: '2026-01-01T00:00:00Z' }, // 120 days: weight 1/4
          { type: 'phone_call', outcome: 'no_response', occurred_at: '2026-03-02T00:00:00Z' }, // 60 days: weight 1/2
          { type: 'sms', outcome: 'replied' }, // no timestamp, the last event: at the last engagement, weight 1
        ],
        recent_activity_summary: 'Asked about licensing costs.',
      },
      now,
    );
    expect(features.recency).toBe(1);
    expect(features.staleness).toBe(0);
    expect(features.best_channel_rate).toBe(0.5); // sms (1 + 1) / (3 + 1); email (1 + 0.4) / 4; phone (1 + 0) / 4
    expect(features.email_responses).toBeCloseTo(0.1, 10); // 1/4 × 0.4
    expect(features.email_silences).toBeCloseTo(0.15, 10); // 1/4 × 0.6
    expect(features.phone_call_responses).toBe(0);
    expect(features.phone_call_silences).toBeCloseTo(0.5, 10);
    expect(features.sms_responses).toBe(1);
    expect(features.sms_silences).toBe(0);
    expect(features.trend).toBeCloseTo(0.6, 10); // later half [replied] 1 − earlier half [opened] 0.4
    expect(features.intent).toBe(1);
    expect(features).toMatchObject({ tier_mid_market: 1, tier_enterprise: 0, tier_smb: 0 });
    expect(features.tenure).toBeCloseTo(Math.log(121), 10); // the oldest event, 120 days
  });

  it('spaces untimed events a week apart before the last engagement, and reads a negation', () => {
    const features = extractFeatures(
      {
        last_engagement_date: '2026-04-01',
        engagement_history: [
          { type: 'email', outcome: 'no_response' }, // 30 + 7 = 37 days
          { type: 'sms', outcome: 'bounced' }, // 30 days
        ],
        recent_activity_summary: 'No budget this year.',
      },
      now,
    );
    expect(features.recency).toBeCloseTo(Math.pow(0.5, 30 / 14), 10);
    expect(features.staleness).toBe(1); // 30 days / 30
    expect(features.best_channel_rate).toBeCloseTo(1 / 3, 10); // phone_call untried: (1 + 0) / (3 + 0)
    expect(features.email_silences).toBeCloseTo(Math.pow(0.5, 37 / 60), 10);
    expect(features.sms_silences).toBeCloseTo(Math.SQRT1_2, 10); // 2^(−30/60)
    expect(features.trend).toBe(0);
    expect(features.intent).toBe(-1);
    expect(features).toMatchObject({ tier_mid_market: 0, tier_enterprise: 0, tier_smb: 0 });
    expect(features.tenure).toBeCloseTo(Math.log(38), 10);
  });

  it("takes the caller's intent reading instead of reading the summary again", () => {
    const input = { last_engagement_date: '2026-05-01', engagement_history: [], recent_activity_summary: 'Asked about licensing costs.' };
    expect(extractFeatures(input, now, -1).intent).toBe(-1);
    expect(extractFeatures(input, now).intent).toBe(1);
  });
});
