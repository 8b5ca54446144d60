import { PRIOR_MODEL } from '../models/priority-model';
import { emptyHourCounts } from '../models/send-time';
import { NO_HISTORY } from '../engine/channel-ranking';
import { analysisContext, analysisOf, decisionDifferences, reproduceDecision } from './decision-inputs';

const lead = { lead_id: 'L', first_name: 'Sarah', owner_rep_id: 'r', consent: { sms: true, email: true, phone_call: true } };
const input = {
  last_engagement_date: '2026-05-01',
  engagement_history: [
    { type: 'email' as const, outcome: 'no_response' as const },
    { type: 'sms' as const, outcome: 'replied' as const },
  ],
};
const inputs = {
  decided_at: '2026-05-01T00:00:00.000Z',
  snapshot_id: PRIOR_MODEL.snapshot_id,
  tier_history: NO_HISTORY,
  prior_strength: 4,
  reply_hours: { tier: emptyHourCounts(), tenant: emptyHourCounts() },
  suppressed_channels: [],
};

describe('reproduceDecision and decisionDifferences', () => {
  it('finds no difference when the record is reproduced, and names each field that differs', () => {
    const recorded = reproduceDecision(lead, input, inputs, PRIOR_MODEL);
    expect(recorded.recommended_channel).toBe('sms');
    expect(decisionDifferences(recorded, reproduceDecision(lead, input, inputs, PRIOR_MODEL))).toEqual([]);
    const suppressed = reproduceDecision(lead, input, { ...inputs, suppressed_channels: ['sms'] }, PRIOR_MODEL);
    // without sms: phone_call keeps the prior 1/3, email fell to (1 + 0) / (3 + 1) = 0.25 after its no_response
    expect(decisionDifferences(recorded, suppressed)).toEqual(['recommended_channel: sms → phone_call']);
    expect(
      decisionDifferences({ ...recorded, priority_score: 1, score_factors: { ...recorded.score_factors, intent: 9 } }, recorded),
    ).toEqual([`priority_score: 1 → ${recorded.priority_score}`, `score_factors.intent: 9 → ${recorded.score_factors.intent}`]);
  });
});

describe('reproduceDecision of a re-analysis after a rejection', () => {
  it('applies the rejection the decision recorded, so a wrong_channel one reproduces the channel chosen without it', () => {
    const first = reproduceDecision(lead, input, inputs, PRIOR_MODEL);
    const revisedInputs = { ...inputs, revision: { category: 'wrong_channel' as const, rejected_channel: 'sms' as const } };
    const revised = reproduceDecision(lead, input, revisedInputs, PRIOR_MODEL);
    // sms ruled out: phone_call keeps the prior 1/3, email fell to 0.25 after its no_response
    expect(decisionDifferences(first, revised)).toEqual(['recommended_channel: sms → phone_call']);
    expect(decisionDifferences(revised, reproduceDecision(lead, input, revisedInputs, PRIOR_MODEL))).toEqual([]);
    const notInterested = { ...inputs, revision: { category: 'not_interested' as const, rejected_channel: 'sms' as const } };
    expect(analysisOf(lead, input, notInterested, PRIOR_MODEL).action).toBe('no_action');
  });
});

describe('analysisContext', () => {
  it('gives the engine all 168 reply counts from the sparse hours recorded now and from the full lists of records before', () => {
    const fromSparse = analysisContext({ ...inputs, reply_hours: { tier: { 3: 6 }, tenant: {} } }, PRIOR_MODEL).replyHours!;
    expect([fromSparse.tier.length, fromSparse.tier[3], fromSparse.tier[4], fromSparse.tenant.length]).toEqual([168, 6, 0, 168]);
    expect(analysisContext(inputs, PRIOR_MODEL).replyHours).toEqual({ tier: emptyHourCounts(), tenant: emptyHourCounts() });
  });
});

describe('decisionDifferences on the send time', () => {
  it('names a send time the reproduction does not give', () => {
    const recorded = reproduceDecision(lead, input, inputs, PRIOR_MODEL);
    expect(recorded.send_time).toBeUndefined();
    expect(decisionDifferences({ ...recorded, send_time: { hour_of_week: 10, source: 'tier', replies: 6 } }, recorded)).toEqual([
      'send_time: hour 10 (tier, 6 replies) → none',
    ]);
    expect(decisionDifferences({ ...recorded, send_time: null }, recorded)).toEqual([]);
  });
});
