import { EngagementEvent } from '@followup/contracts';
import { buyingIntentTerms, RECENCY_HALF_LIFE_DAYS, scorePriority } from './priority-score';

const now = new Date('2026-05-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const history = (...outcomes: EngagementEvent['outcome'][]): EngagementEvent[] => outcomes.map((outcome) => ({ type: 'email', outcome }));

describe('scorePriority', () => {
  it('halves the recency contribution every half-life', () => {
    const fresh = scorePriority({ last_engagement_date: daysAgo(0), engagement_history: history('opened', 'opened') }, now);
    const halfLife = scorePriority(
      { last_engagement_date: daysAgo(RECENCY_HALF_LIFE_DAYS), engagement_history: history('opened', 'opened') },
      now,
    );
    expect(fresh.factors.recency).toBe(30);
    expect(halfLife.factors.recency).toBe(15);
    expect(fresh.score).toBeGreaterThan(halfLife.score);
  });

  it('ranks replied above opened above delivered above no response', () => {
    const score = (outcome: EngagementEvent['outcome']) =>
      scorePriority({ last_engagement_date: daysAgo(3), engagement_history: history(outcome, outcome) }, now).score;
    expect(score('replied')).toBeGreaterThan(score('opened'));
    expect(score('opened')).toBeGreaterThan(score('delivered'));
    expect(score('delivered')).toBeGreaterThan(score('no_response'));
    expect(score('no_response')).toBe(score('bounced'));
  });

  it('weighs later events more than earlier ones', () => {
    const lateReply = scorePriority({ last_engagement_date: daysAgo(3), engagement_history: history('no_response', 'replied') }, now);
    const earlyReply = scorePriority({ last_engagement_date: daysAgo(3), engagement_history: history('replied', 'no_response') }, now);
    expect(lateReply.factors.engagement).toBeGreaterThan(earlyReply.factors.engagement);
  });

  it('adds buying intent from the activity summary and account tier', () => {
    const base = { last_engagement_date: daysAgo(3), engagement_history: history('opened', 'replied') };
    const withIntent = scorePriority({ ...base, recent_activity_summary: 'Requested pricing information during product demo.' }, now);
    expect(withIntent.factors.intent).toBe(20);
    expect(scorePriority({ ...base, account_tier: 'enterprise' }, now).factors.tier).toBeGreaterThan(
      scorePriority({ ...base, account_tier: 'smb' }, now).factors.tier,
    );
  });

  it('stays within 0..100', () => {
    const best = scorePriority(
      {
        last_engagement_date: daysAgo(0),
        engagement_history: history('replied', 'replied'),
        recent_activity_summary: 'pricing quote demo contract',
        account_tier: 'enterprise',
      },
      now,
    );
    expect(best.score).toBeLessThanOrEqual(100);
    expect(
      scorePriority({ last_engagement_date: daysAgo(900), engagement_history: history('bounced', 'bounced') }, now).score,
    ).toBeGreaterThanOrEqual(0);
  });
});

describe('buyingIntentTerms', () => {
  it('finds whole-word intent terms once each', () => {
    expect(buyingIntentTerms('Asked about PRICING and pricing tiers; wants a demo')).toEqual(['pricing', 'demo']);
    expect(buyingIntentTerms('nothing relevant')).toEqual([]);
  });
});
