import { PII_KINDS, PiiFinding, PiiKind } from '@followup/contracts';
import type { PiiContext } from './detect-pii';
import type { LabelledText } from './labelled-set';

export interface Score {
  labelled: number;
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  /** Every kind of `PII_KINDS`, plus any other kind the labels or the findings name. */
  kinds: Record<PiiKind, Score> & Record<string, Score>;
  overall: Score;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { labelled: tp + fn, true_positives: tp, false_positives: fp, false_negatives: fn, precision, recall, f1 };
}

/**
 * Precision, recall and F1 per kind and overall (micro) over a labelled set, given each text's findings. A
 * finding counts as a true positive when it has the labelled kind and overlaps a labelled span not matched
 * before; everything else is a false positive, and a labelled span nobody matched is a false negative. A kind
 * with nothing to find and nothing found scores 1. A labelled kind no detector knows is counted like any
 * other (all missed), so a set may use kinds the detector has not heard of.
 */
export function evaluateFindings(sample: LabelledText[], findingsOf: (text: LabelledText) => PiiFinding[]): Evaluation {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>(PII_KINDS.map((kind) => [kind, { tp: 0, fp: 0, fn: 0 }]));
  const countOf = (kind: string) => counts.get(kind) ?? counts.set(kind, { tp: 0, fp: 0, fn: 0 }).get(kind)!;
  for (const labelled of sample) {
    const matched = new Set<number>();
    for (const finding of findingsOf(labelled)) {
      const index = labelled.spans.findIndex((span, i) => !matched.has(i) && span.kind === finding.kind && overlaps(span, finding));
      if (index >= 0) matched.add(index);
      countOf(finding.kind)[index >= 0 ? 'tp' : 'fp'] += 1;
    }
    labelled.spans.forEach((span, i) => {
      if (!matched.has(i)) countOf(span.kind).fn += 1;
    });
  }
  const kinds = Object.fromEntries([...counts].map(([kind, { tp, fp, fn }]) => [kind, score(tp, fp, fn)]));
  const sum = (key: 'tp' | 'fp' | 'fn') => [...counts.values()].reduce((total, count) => total + count[key], 0);
  return { kinds: kinds as Evaluation['kinds'], overall: score(sum('tp'), sum('fp'), sum('fn')) };
}

/** The detector's scores on a labelled set. */
export function evaluateDetector(sample: LabelledText[], detect: (text: string, context: PiiContext) => PiiFinding[]): Evaluation {
  return evaluateFindings(sample, (labelled) => detect(labelled.text, labelled.context));
}
