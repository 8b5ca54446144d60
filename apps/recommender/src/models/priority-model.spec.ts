import { FEATURE_NAMES, Features } from './features';
import { PriorityModel, scoreWithModel } from './priority-model';

const zeros = () => Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as Features;
const model = (overrides: Partial<PriorityModel>): PriorityModel => ({
  snapshot_id: 'test',
  horizon_days: 14,
  feature_names: [...FEATURE_NAMES],
  means: FEATURE_NAMES.map(() => 0),
  scales: FEATURE_NAMES.map(() => 1),
  bias: -1,
  weights: FEATURE_NAMES.map((name) => (name === 'recency' ? 2 : name === 'intent' ? 1 : 0)),
  calibration: { slope: 0.5, intercept: 0.25 },
  ...overrides,
});

describe('scoreWithModel', () => {
  it('splits the calibrated log-odds into a baseline and signed contributions', () => {
    // baseline 0.5 × −1 + 0.25 = −0.25; recency 0.5 × 2 × 1 = 1; intent 0.5 × 1 × −1 = −0.5
    // log-odds −0.25 + 1 − 0.5 = 0.25 → σ(0.25) = 0.5622 → 56
    const explanation = scoreWithModel(model({}), { ...zeros(), recency: 1, intent: -1 });
    expect(explanation).toMatchObject({
      score: 56,
      probability: 0.5622,
      baseline_log_odds: -0.25,
      raised: [{ factor: 'recency', contribution: 1 }],
      lowered: [{ factor: 'intent', contribution: -0.5 }],
    });
    expect(explanation.contributions.tenure).toBe(0);
  });

  it('measures contributions against the average lead', () => {
    // recency standardized: (1 − 0.5) / 0.25 = 2 → contribution 0.5 × 2 × 2 = 2
    const means = FEATURE_NAMES.map((name) => (name === 'recency' ? 0.5 : 0));
    const scales = FEATURE_NAMES.map((name) => (name === 'recency' ? 0.25 : 1));
    const explanation = scoreWithModel(model({ means, scales }), { ...zeros(), recency: 1 });
    expect(explanation.raised).toEqual([{ factor: 'recency', contribution: 2 }]);
    expect(explanation.lowered).toEqual([]);
  });

  it('lists at most three factors each way, largest first', () => {
    const weights = FEATURE_NAMES.map((_, j) => (j % 2 === 0 ? j + 1 : -(j + 1)));
    const explanation = scoreWithModel(
      model({ weights, calibration: { slope: 1, intercept: 0 } }),
      Object.fromEntries(FEATURE_NAMES.map((name) => [name, 1])) as Features,
    );
    // weights +1, −2, +3, … −14, +15 on 15 features all 1: up 15, 13, 11 (indices 14, 12, 10); down −14, −12, −10
    expect(FEATURE_NAMES).toHaveLength(15);
    expect(explanation.raised.map((factor) => factor.contribution)).toEqual([15, 13, 11]);
    expect(explanation.lowered.map((factor) => factor.factor)).toEqual([FEATURE_NAMES[13], FEATURE_NAMES[11], FEATURE_NAMES[9]]);
  });
});
