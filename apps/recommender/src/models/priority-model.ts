import { IDENTITY_CALIBRATION, PlattCalibration } from './calibration';
import { FEATURE_NAMES, FeatureName, Features } from './features';
import { sigmoid } from './logistic-regression';

export const DEFAULT_HORIZON_DAYS = 14;

/**
 * A priority model: P(the lead responds to the next follow-up within `horizon_days`) =
 * σ(slope · (bias + Σ weights[j] · (x[j] − means[j]) / scales[j]) + intercept).
 */
export interface PriorityModel {
  snapshot_id: string;
  horizon_days: number;
  feature_names: FeatureName[];
  means: number[];
  scales: number[];
  bias: number;
  weights: number[];
  calibration: PlattCalibration;
}

export interface Factor {
  factor: FeatureName;
  /** Signed contribution to the calibrated log-odds, against an average lead (feature at its mean). */
  contribution: number;
}

export interface PriorityExplanation {
  /** 0–100: 100 × the calibrated probability. */
  score: number;
  probability: number;
  /** Calibrated log-odds of a lead with every feature at its mean; baseline + Σ contributions = the lead's. */
  baseline_log_odds: number;
  contributions: Record<FeatureName, number>;
  /** The largest contributions up, largest first, and down, most negative first (at most TOP_FACTORS each). */
  raised: Factor[];
  lowered: Factor[];
}

export const TOP_FACTORS = 3;

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export function standardize(model: Pick<PriorityModel, 'feature_names' | 'means' | 'scales'>, features: Features): number[] {
  return model.feature_names.map((name, j) => (features[name] - model.means[j]) / model.scales[j]);
}

export function rawLogOdds(model: PriorityModel, features: Features): number {
  return standardize(model, features).reduce((sum, value, j) => sum + model.weights[j] * value, model.bias);
}

export function scoreWithModel(model: PriorityModel, features: Features): PriorityExplanation {
  const z = standardize(model, features);
  const { slope, intercept } = model.calibration;
  const baseline = slope * model.bias + intercept;
  const contributions = Object.fromEntries(model.feature_names.map((name, j) => [name, slope * model.weights[j] * z[j]])) as Record<
    FeatureName,
    number
  >;
  const probability = sigmoid(baseline + Object.values(contributions).reduce((sum, value) => sum + value, 0));
  const ranked = Object.entries(contributions)
    .map(([factor, contribution]) => ({ factor: factor as FeatureName, contribution: round(contribution, 3) }))
    .filter((factor) => factor.contribution !== 0);
  return {
    score: Math.round(100 * probability),
    probability: round(probability, 4),
    baseline_log_odds: round(baseline, 3),
    contributions: Object.fromEntries(Object.entries(contributions).map(([name, value]) => [name, round(value, 3)])) as Record<
      FeatureName,
      number
    >,
    raised: ranked
      .filter((factor) => factor.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, TOP_FACTORS),
    lowered: ranked
      .filter((factor) => factor.contribution < 0)
      .sort((a, b) => a.contribution - b.contribution)
      .slice(0, TOP_FACTORS),
  };
}

const PRIOR_WEIGHTS: Record<FeatureName, number> = {
  recency: 1.5,
  staleness: 0,
  sms_responses: 0.8,
  email_responses: 0.8,
  phone_call_responses: 0.8,
  sms_silences: -0.25,
  email_silences: -0.25,
  phone_call_silences: -0.25,
  best_channel_rate: 1,
  trend: 0.5,
  intent: 0.9,
  tier_enterprise: 0,
  tier_mid_market: 0,
  tier_smb: 0,
  tenure: -0.1,
};

/**
 * The model every tenant starts with, before any outcomes are stored: weights set by judgement, on raw
 * features (means 0, scales 1), uncalibrated. The first trained global snapshot replaces it once it beats
 * it on held-out outcomes.
 */
export const PRIOR_MODEL: PriorityModel = {
  snapshot_id: 'priority-prior-v1',
  horizon_days: DEFAULT_HORIZON_DAYS,
  feature_names: [...FEATURE_NAMES],
  means: FEATURE_NAMES.map(() => 0),
  scales: FEATURE_NAMES.map(() => 1),
  bias: -1.6,
  weights: FEATURE_NAMES.map((name) => PRIOR_WEIGHTS[name]),
  calibration: IDENTITY_CALIBRATION,
};
