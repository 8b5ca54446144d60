import { FEATURE_NAMES } from '../models/features';
import { PriorityModel } from '../models/priority-model';
import { scorePriority, scorerVersion } from './priority-score';

const recencyOnly: PriorityModel = {
  snapshot_id: 'priority-lr-test',
  horizon_days: 14,
  feature_names: [...FEATURE_NAMES],
  means: FEATURE_NAMES.map(() => 0),
  scales: FEATURE_NAMES.map(() => 1),
  bias: 0,
  weights: FEATURE_NAMES.map((name) => (name === 'recency' ? Math.log(3) : 0)),
  calibration: { slope: 1, intercept: 0 },
};
const history = [
  { type: 'email' as const, outcome: 'opened' as const },
  { type: 'sms' as const, outcome: 'replied' as const },
];

describe('scorePriority', () => {
  it('is 100 × the model probability, with the snapshot and the days since the last engagement', () => {
    // engaged today: recency 1 → log-odds ln 3 → 3/4 → 75
    const today = scorePriority(
      { last_engagement_date: '2026-05-01', engagement_history: history },
      new Date('2026-05-01T00:00:00Z'),
      recencyOnly,
    );
    expect(today).toMatchObject({ score: 75, probability: 0.75, snapshot_id: 'priority-lr-test' });
    expect(today.factors).toMatchObject({ recency: 1.099, days_since_engagement: 0 });
    // 14 days ago: recency 1/2 → log-odds ln 3 / 2 → √3 / (1 + √3) = 0.634 → 63
    const fortnight = scorePriority(
      { last_engagement_date: '2026-04-17', engagement_history: history },
      new Date('2026-05-01T00:00:00Z'),
      recencyOnly,
    );
    expect(fortnight).toMatchObject({ score: 63, factors: { days_since_engagement: 14 } });
  });

  it('names the snapshot and the channel estimator as the scorer version', () => {
    expect(scorerVersion('priority-lr-test')).toBe('priority-lr-test+channel-eb-v3');
  });
});
