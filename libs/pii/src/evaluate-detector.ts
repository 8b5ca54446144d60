import { PII_KINDS, PiiFinding, PiiKind } from '@followup/contracts';
import { detectPii, PiiContext } from './detect-pii';
import { LabelledText } from './pii-sample.fixture';

export interface KindScore {
  kind: PiiKind;
  labelled: number;
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  precision: number;
  recall: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * Precision and recall per kind over a labelled sample. A finding counts as a true positive when it has
 * the labelled kind and overlaps a labelled span not matched before; everything else is a false positive,
 * and a labelled span nobody matched is a false negative. A kind with nothing to find and nothing found
 * scores 1.
 */
export function evaluateDetector(
  sample: LabelledText[],
  context: PiiContext,
  detect: (text: string, context: PiiContext) => PiiFinding[] = detectPii,
): KindScore[] {
  const counts = new Map<PiiKind, { labelled: number; tp: number; fp: number; fn: number }>(
    PII_KINDS.map((kind) => [kind, { labelled: 0, tp: 0, fp: 0, fn: 0 }]),
  );
  for (const { text, spans } of sample) {
    const found = detect(text, context);
    const matched = new Set<number>();
    for (const finding of found) {
      const index = spans.findIndex((span, i) => !matched.has(i) && span.kind === finding.kind && overlaps(span, finding));
      if (index >= 0) {
        matched.add(index);
        counts.get(finding.kind)!.tp += 1;
      } else {
        counts.get(finding.kind)!.fp += 1;
      }
    }
    spans.forEach((span, i) => {
      counts.get(span.kind)!.labelled += 1;
      if (!matched.has(i)) counts.get(span.kind)!.fn += 1;
    });
  }
  return PII_KINDS.map((kind) => {
    const { labelled, tp, fp, fn } = counts.get(kind)!;
    return {
      kind,
      labelled,
      true_positives: tp,
      false_positives: fp,
      false_negatives: fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}

/** The scores as a Markdown table. */
export function formatScores(scores: KindScore[], sampleSize: number): string {
  const rows = scores.map(
    (score) =>
      `| ${score.kind} | ${score.labelled} | ${score.true_positives} | ${score.false_positives} | ${score.false_negatives} | ${score.precision.toFixed(2)} | ${score.recall.toFixed(2)} |`,
  );
  const total = scores.reduce(
    (sum, score) => ({
      tp: sum.tp + score.true_positives,
      fp: sum.fp + score.false_positives,
      fn: sum.fn + score.false_negatives,
    }),
    { tp: 0, fp: 0, fn: 0 },
  );
  const micro = (n: number, d: number) => (d === 0 ? 1 : n / d).toFixed(2);
  return [
    `PII detector on ${sampleSize} labelled texts`,
    '',
    '| kind | labelled | TP | FP | FN | precision | recall |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| all (micro) | ${total.tp + total.fn} | ${total.tp} | ${total.fp} | ${total.fn} | ${micro(total.tp, total.tp + total.fp)} | ${micro(total.tp, total.tp + total.fn)} |`,
  ].join('\n');
}
