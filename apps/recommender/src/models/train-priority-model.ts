import { fitPlatt } from './calibration';
import { FEATURE_NAMES, Features, featureRow } from './features';
import { runToEnd } from './event-loop-breaks';
import { logisticFitSteps } from './logistic-regression';
import { areaUnderCurve, brierScore, logLoss } from './metrics';
import { PriorityModel, rawLogOdds, scoreWithModel } from './priority-model';

/** One past recommendation: what the lead looked like when it was decided, and whether the lead responded in time. */
export interface TrainingExample {
  decided_at: Date;
  features: Features;
  responded: boolean;
}

export interface HeldOutMetrics {
  examples: number;
  responded: number;
  auc: number;
  log_loss: number;
  brier: number;
}

export interface TrainedModel {
  model: PriorityModel;
  training_window: { from: Date; to: Date };
  examples: { fit: number; calibration: number; held_out: number };
  held_out: HeldOutMetrics;
  /** The examples held out (latest by decision time), to compare the current model on. */
  heldOutExamples: TrainingExample[];
}

/** Shares of the examples, in decision-time order: fitted on, calibrated on, held out (the latest). */
export const SPLIT = { fit: 0.6, calibration: 0.2 };
/** The penalty's strength: how many examples' worth of pull toward the prior weights. */
export const DEFAULT_L2 = 1;
/** Fewer examples than this, or fewer than MIN_EACH_CLASS of either outcome in a slice: nothing is trained. */
export const MIN_EXAMPLES = 60;
export const MIN_EACH_CLASS = 5;

/** The model's metrics on the examples, one example at a time (scoring one builds its explanation): it pauses after each. */
function* evaluationSteps(model: PriorityModel, examples: TrainingExample[]): Generator<void, HeldOutMetrics> {
  const probabilities: number[] = [];
  for (const example of examples) {
    probabilities.push(scoreWithModel(model, example.features).probability);
    yield;
  }
  const labels = examples.map((example) => (example.responded ? 1 : 0));
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    examples: examples.length,
    responded: labels.reduce((sum: number, label) => sum + label, 0),
    auc: round(areaUnderCurve(probabilities, labels)),
    log_loss: round(logLoss(probabilities, labels)),
    brier: round(brierScore(probabilities, labels)),
  };
}

const hasBothOutcomes = (examples: TrainingExample[]) => {
  const responded = examples.filter((example) => example.responded).length;
  return responded >= MIN_EACH_CLASS && examples.length - responded >= MIN_EACH_CLASS;
};

export interface TrainingOptions {
  snapshotId: string;
  horizonDays: number;
  prior?: PriorityModel;
  l2?: number;
}

/**
 * Trains a priority model on examples in time order: logistic regression on the earliest 60% (standardized
 * with their means and spreads, or with the prior's so a tenant's weights shrink toward the global ones),
 * Platt calibration on the next 20%, metrics on the latest 20%. Undefined when there is too little to learn from.
 */
export function trainPriorityModel(allExamples: TrainingExample[], options: TrainingOptions): TrainedModel | undefined {
  return runToEnd(priorityModelTrainingSteps(allExamples, options));
}

/** trainPriorityModel in steps of a few passes over the examples at most: it pauses between them, and returns the model. */
export function* priorityModelTrainingSteps(
  allExamples: TrainingExample[],
  options: TrainingOptions,
): Generator<void, TrainedModel | undefined> {
  const examples = [...allExamples].sort((a, b) => a.decided_at.getTime() - b.decided_at.getTime());
  if (examples.length < MIN_EXAMPLES) return undefined;
  const fitEnd = Math.floor(examples.length * SPLIT.fit);
  const calibrationEnd = Math.floor(examples.length * (SPLIT.fit + SPLIT.calibration));
  const fitting = examples.slice(0, fitEnd);
  const calibrating = examples.slice(fitEnd, calibrationEnd);
  const heldOut = examples.slice(calibrationEnd);
  if (![fitting, calibrating, heldOut].every(hasBothOutcomes)) return undefined;

  const rows = fitting.map((example) => featureRow(example.features));
  const labels = fitting.map((example) => (example.responded ? 1 : 0));
  const means = options.prior?.means ?? FEATURE_NAMES.map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / rows.length);
  const scales =
    options.prior?.scales ??
    FEATURE_NAMES.map((_, j) => Math.sqrt(rows.reduce((sum, row) => sum + (row[j] - means[j]) ** 2, 0) / rows.length) || 1);
  const standardized = rows.map((row) => row.map((value, j) => (value - means[j]) / scales[j]));
  yield;
  const fit = yield* logisticFitSteps(standardized, labels, {
    l2: options.l2 ?? DEFAULT_L2,
    prior: options.prior ? { bias: options.prior.bias, weights: options.prior.weights } : undefined,
  });
  const uncalibrated: PriorityModel = {
    snapshot_id: options.snapshotId,
    horizon_days: options.horizonDays,
    feature_names: [...FEATURE_NAMES],
    means,
    scales,
    bias: fit.bias,
    weights: fit.weights,
    calibration: { slope: 1, intercept: 0 },
  };
  const calibration = fitPlatt(
    calibrating.map((example) => rawLogOdds(uncalibrated, example.features)),
    calibrating.map((example) => (example.responded ? 1 : 0)),
  );
  const model = { ...uncalibrated, calibration };
  yield;
  return {
    model,
    training_window: { from: examples[0].decided_at, to: examples[calibrationEnd - 1].decided_at },
    examples: { fit: fitting.length, calibration: calibrating.length, held_out: heldOut.length },
    held_out: yield* evaluationSteps(model, heldOut),
    heldOutExamples: heldOut,
  };
}

/** A candidate is promoted only when its held-out log loss beats the current model's on the same examples. */
export function shouldPromote(candidate: TrainedModel, current: PriorityModel): Promotion {
  return runToEnd(promotionSteps(candidate, current));
}

export interface Promotion {
  promote: boolean;
  current: HeldOutMetrics;
}

/** shouldPromote one held-out example at a time: it pauses after each, and returns the verdict. */
export function* promotionSteps(candidate: TrainedModel, current: PriorityModel): Generator<void, Promotion> {
  const currentMetrics = yield* evaluationSteps(current, candidate.heldOutExamples);
  return { promote: candidate.held_out.log_loss < currentMetrics.log_loss, current: currentMetrics };
}
