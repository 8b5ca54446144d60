/** Area under the ROC curve: the chance a random positive outranks a random negative (ties count half). */
export function areaUnderCurve(scores: number[], labels: number[]): number {
  const pairs = scores.map((score, i) => [score, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j][0] === pairs[i][0]) j += 1;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k += 1) {
      if (pairs[k][1]) {
        rankSum += averageRank;
        positives += 1;
      }
    }
    i = j;
  }
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const clip = (p: number) => Math.min(1 - 1e-9, Math.max(1e-9, p));

/** Mean negative log-likelihood of the labels under the probabilities (natural log). */
export function logLoss(probabilities: number[], labels: number[]): number {
  const total = probabilities.reduce((sum, p, i) => sum - (labels[i] ? Math.log(clip(p)) : Math.log(1 - clip(p))), 0);
  return total / probabilities.length;
}

/** Mean squared difference between the probabilities and the labels. */
export function brierScore(probabilities: number[], labels: number[]): number {
  return probabilities.reduce((sum, p, i) => sum + (p - labels[i]) ** 2, 0) / probabilities.length;
}
