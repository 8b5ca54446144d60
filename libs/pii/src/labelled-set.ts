import type { PiiFinding, PiiKind } from '@followup/contracts';
import type { PiiContext } from './detect-pii';

/** The kind names of the labelled sets (test-data/pii/README.md) that differ from `PII_KINDS`. */
const LABEL_KINDS: Record<string, PiiKind> = { card: 'card_number', person_name: 'other_person' };

export const kindOfLabel = (label: string): PiiKind => LABEL_KINDS[label] ?? (label as PiiKind);

export interface LabelledText {
  id: string;
  text: string;
  context: PiiContext;
  spans: PiiFinding[];
}

interface LabelledLine {
  id: string;
  text: string;
  context: { recipient_first_name?: string; recipient_last_name?: string; directory?: { first_name: string; last_name?: string }[] };
  findings: { kind: string; start: number; end: number }[];
}

/** One labelled text per JSON line, kinds renamed to `PII_KINDS`, the directory as the detector's context. */
export function parseLabelledSet(jsonl: string): LabelledText[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const { id, text, context, findings } = JSON.parse(line) as LabelledLine;
      return {
        id,
        text,
        context: {
          recipient: { first_name: context.recipient_first_name, last_name: context.recipient_last_name },
          others: (context.directory ?? []).map((person, index) => ({ lead_id: `${id}-${index}`, ...person })),
        },
        spans: findings.map(({ kind, start, end }) => ({ kind: kindOfLabel(kind), start, end })),
      };
    });
}
