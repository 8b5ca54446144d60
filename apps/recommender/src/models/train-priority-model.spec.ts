import { FEATURE_NAMES, Features } from './features';
import { PRIOR_MODEL } from './priority-model';
import { shouldPromote, trainPriorityModel, TrainingExample } from './train-priority-model';

const day = (index: number) => new Date(Date.UTC(2026, 0, 1) + index * 86_400_000);
const withIntent = (intent: number) => ({ ...Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])), intent }) as Features;
// Even days: intent +1, responded unless day % 8 = 6 (3 in 4); odd days: intent −1, responded when day % 8 = 1 (1 in 4).
const examples: TrainingExample[] = Array.from({ length: 100 }, (_, i) => ({
  decided_at: day(i),
  features: withIntent(i % 2 === 0 ? 1 : -1),
  responded: i % 2 === 0 ? i % 8 !== 6 : i % 8 === 1,
}));

describe('trainPriorityModel', () => {
  const trained = trainPriorityModel([...examples].reverse(), { snapshotId: 'priority-lr-test', horizonDays: 14 })!;

  it('fits on the earliest 60%, calibrates on the next 20% and holds out the latest 20%', () => {
    expect(trained.examples).toEqual({ fit: 60, calibration: 20, held_out: 20 });
    expect(trained.training_window).toEqual({ from: day(0), to: day(79) });
    expect(trained.model.snapshot_id).toBe('priority-lr-test');
  });

  it('reports held-out metrics', () => {
    // days 80–99: intent +1 responded 8 of 10 (not 86, 94), intent −1 responded 3 of 10 (81, 89, 97).
    // AUC: 8 × 7 wins, 8 × 2 + 3 × 7 ties at half, 3 × 2 losses, over 11 × 9 pairs = 74.5 / 99
    expect(trained.held_out).toMatchObject({ examples: 20, responded: 11, auc: 0.7525 });
    expect(trained.model.weights[FEATURE_NAMES.indexOf('intent')]).toBeGreaterThan(0);
  });

  it('is promoted over a model that knows less, not over an equal one', () => {
    expect(shouldPromote(trained, { ...PRIOR_MODEL, bias: 0, weights: PRIOR_MODEL.weights.map(() => 0) }).promote).toBe(true);
    expect(shouldPromote(trained, trained.model).promote).toBe(false);
  });

  it('trains nothing from too few examples', () => {
    expect(trainPriorityModel(examples.slice(0, 59), { snapshotId: 'x', horizonDays: 14 })).toBeUndefined();
  });
});
