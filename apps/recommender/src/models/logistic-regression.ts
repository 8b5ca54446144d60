import { runToEnd } from './event-loop-breaks';

/** A logistic regression's parameters: log-odds = bias + Σ weights[j] · x[j]. */
export interface LogisticFit {
  bias: number;
  weights: number[];
}

export interface FitOptions {
  /** Strength of the L2 penalty pulling each weight toward the prior's weight (the bias is not penalised). */
  l2?: number;
  /** The weights to shrink toward: the global model when fitting a tenant's; zeros when absent. */
  prior?: LogisticFit;
  maxIterations?: number;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function logOdds(fit: LogisticFit, row: number[]): number {
  return row.reduce((sum, value, j) => sum + fit.weights[j] * value, fit.bias);
}

/** Mean negative log-likelihood plus the penalty, the quantity the fit minimises (per example). */
function objective(rows: number[][], labels: number[], fit: LogisticFit, l2: number, prior: number[]): number {
  let loss = 0;
  rows.forEach((row, i) => {
    const z = logOdds(fit, row);
    // log(1 + e^z) − y·z, written to stay finite for large |z|
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[i] * z;
  });
  const penalty = fit.weights.reduce((sum, weight, j) => sum + (weight - prior[j]) ** 2, 0);
  return loss + (l2 / 2) * penalty;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
export function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const diagonal = a[col][col] || 1e-12;
    for (let row = col + 1; row < n; row += 1) {
      const factor = a[row][col] / diagonal;
      for (let k = col; k <= n; k += 1) a[row][k] -= factor * a[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = a[row][n];
    for (let k = row + 1; k < n; k += 1) sum -= a[row][k] * x[k];
    x[row] = sum / (a[row][row] || 1e-12);
  }
  return x;
}

/**
 * Maximum-likelihood logistic regression by Newton's method (with step halving), with an optional L2 penalty
 * toward prior weights: with a tenant's few outcomes the fit stays near the global model, with many it follows
 * the tenant's own data (hierarchical shrinkage).
 */
export function fitLogistic(rows: number[][], labels: number[], options: FitOptions = {}): LogisticFit {
  return runToEnd(logisticFitSteps(rows, labels, options));
}

/** fitLogistic one Newton iteration at a time (a pass over every row each): it pauses after each, and returns the fit. */
export function* logisticFitSteps(rows: number[][], labels: number[], options: FitOptions = {}): Generator<void, LogisticFit> {
  const width = rows[0]?.length ?? options.prior?.weights.length ?? 0;
  const l2 = options.l2 ?? 0;
  const prior = options.prior?.weights ?? new Array<number>(width).fill(0);
  let fit: LogisticFit = { bias: options.prior?.bias ?? 0, weights: [...prior] };
  let current = objective(rows, labels, fit, l2, prior);
  for (let iteration = 0; iteration < (options.maxIterations ?? 100); iteration += 1) {
    // parameters θ = [bias, ...weights]; x̃ = [1, ...row]
    const gradient = new Array<number>(width + 1).fill(0);
    const hessian = Array.from({ length: width + 1 }, () => new Array<number>(width + 1).fill(0));
    rows.forEach((row, i) => {
      const p = sigmoid(logOdds(fit, row));
      const x = [1, ...row];
      const curvature = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j <= width; j += 1) {
        gradient[j] += (p - labels[i]) * x[j];
        for (let k = 0; k <= width; k += 1) hessian[j][k] += curvature * x[j] * x[k];
      }
    });
    for (let j = 1; j <= width; j += 1) {
      gradient[j] += l2 * (fit.weights[j - 1] - prior[j - 1]);
      hessian[j][j] += l2;
    }
    const step = solve(hessian, gradient);
    let scale = 1;
    let next: LogisticFit;
    let nextLoss: number;
    do {
      next = { bias: fit.bias - scale * step[0], weights: fit.weights.map((weight, j) => weight - scale * step[j + 1]) };
      nextLoss = objective(rows, labels, next, l2, prior);
      scale /= 2;
    } while (nextLoss > current && scale > 1e-6);
    const improvement = current - nextLoss;
    if (nextLoss <= current) {
      fit = next;
      current = nextLoss;
    }
    if (!(improvement > 1e-12)) break;
    yield;
  }
  return fit;
}
