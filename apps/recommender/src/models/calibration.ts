import { fitLogistic } from './logistic-regression';

/** Platt scaling: calibrated log-odds = slope · raw log-odds + intercept. */
export interface PlattCalibration {
  slope: number;
  intercept: number;
}

export const IDENTITY_CALIBRATION: PlattCalibration = { slope: 1, intercept: 0 };

/** Fits Platt scaling on held-out raw log-odds and their outcomes (a one-feature logistic regression). */
export function fitPlatt(rawLogOdds: number[], labels: number[]): PlattCalibration {
  const fit = fitLogistic(
    rawLogOdds.map((value) => [value]),
    labels,
  );
  return { slope: fit.weights[0], intercept: fit.bias };
}
