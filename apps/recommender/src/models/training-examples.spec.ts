import { runToEnd } from './event-loop-breaks';
import { trainingExampleSteps } from './training-examples';

const input = { last_engagement_date: '2026-05-01', engagement_history: [{ type: 'sms' as const, outcome: 'replied' as const }] };
const decision = (lead_id: string, day: number) => ({ tenant: 't1', lead_id, decided_at: new Date(Date.UTC(2026, 4, day)), input });
const reply = (lead_id: string, day: number, tenant = 't1') => ({ tenant, lead_id, observed_at: new Date(Date.UTC(2026, 4, day)) });

describe('trainingExampleSteps', () => {
  it('labels a decision by a reply within the horizon after it, and skips decisions whose horizon is still open', () => {
    const examples = runToEnd(
      trainingExampleSteps(
        [decision('a', 1), decision('b', 1), decision('c', 1), decision('d', 1), decision('e', 10)],
        [reply('a', 15), reply('b', 16), reply('c', 1), reply('d', 5, 't2'), reply('e', 11)],
        14,
        new Date(Date.UTC(2026, 4, 20)),
      ),
    );
    // a: day 15 is within (1, 15] → responded; b: day 16 is past the horizon; c: a reply at the decision itself is
    // not after it; d: the reply is another tenant's lead; e: decided on day 10, its horizon ends on day 24 > day 20
    expect(examples.map((example) => example.responded)).toEqual([true, false, false, false]);
    expect(examples[0].features.recency).toBe(1); // features as at the decision (day 1 = last engagement)
  });
});
