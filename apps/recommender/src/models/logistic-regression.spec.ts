import { fitPlatt } from './calibration';
import { fitLogistic, solve } from './logistic-regression';
import { areaUnderCurve, brierScore, logLoss } from './metrics';

describe('fitLogistic', () => {
  it('finds the maximum-likelihood fit of one binary feature', () => {
    // x = 0: one response in two → bias = logit(1/2) = 0; x = 1: three in four → bias + w = logit(3/4) = ln 3
    const fit = fitLogistic([[0], [0], [1], [1], [1], [1]], [1, 0, 1, 1, 1, 0]);
    expect(fit.bias).toBeCloseTo(0, 5);
    expect(fit.weights[0]).toBeCloseTo(1.098612, 5);
  });

  it('stays at the prior weights under a strong penalty, the bias still fitted', () => {
    // w held at 0.5: the bias b solves 2·σ(b) + 4·σ(b + 0.5) = 4 responses; b = 0.3686 gives 2 × 0.5911 + 4 × 0.7045 = 4.000
    const fit = fitLogistic([[0], [0], [1], [1], [1], [1]], [1, 0, 1, 1, 1, 0], { l2: 1e9, prior: { bias: 0, weights: [0.5] } });
    expect(fit.weights[0]).toBeCloseTo(0.5, 5);
    expect(fit.bias).toBeCloseTo(0.3686, 3);
  });

  it('solves a small linear system', () => {
    // 2x + y = 5, x + 3y = 10 → x = 1, y = 3
    const [x, y] = solve(
      [
        [2, 1],
        [1, 3],
      ],
      [5, 10],
    );
    expect(x).toBeCloseTo(1, 10);
    expect(y).toBeCloseTo(3, 10);
  });
});

describe('fitPlatt', () => {
  it('maps raw log-odds onto the observed rates', () => {
    // raw −1: one in two responded → −a + b = 0; raw 1: three in four → a + b = ln 3; so a = b = ln 3 / 2
    const calibration = fitPlatt([-1, -1, 1, 1, 1, 1], [1, 0, 1, 1, 1, 0]);
    expect(calibration.slope).toBeCloseTo(0.549306, 5);
    expect(calibration.intercept).toBeCloseTo(0.549306, 5);
  });
});

describe('metrics', () => {
  it('AUC counts the positive-over-negative pairs, ties as half', () => {
    // positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both → 3 of 4
    expect(areaUnderCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(areaUnderCurve([0.5, 0.5], [1, 0])).toBe(0.5);
  });

  it('log loss and Brier score', () => {
    expect(logLoss([0.5], [1])).toBeCloseTo(0.693147, 6);
    // (0.2² + 0.3²) / 2
    expect(brierScore([0.8, 0.3], [1, 0])).toBeCloseTo(0.065, 10);
  });
});
