import { createHash } from 'node:crypto';
import { BoundedMap } from '@followup/config';
import { PII_FIELD_NAMES, PiiKind, RestrictedTextDigest } from '@followup/contracts';
import { detectPii } from '@followup/pii';

/**
 * Keys whose string values are free text, wherever they appear in a payload: drafts and edits, the AI's
 * reasoning, a rejection reason, notes, messages, activity summaries, a raw dead-lettered message. Any of
 * them may hold PII, so the trail keeps each apart (restricted, erasable) and chains only its digest.
 */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set([
  'draft_message',
  'original_draft',
  'edited_draft',
  'edit_diff',
  'reasoning_summary',
  'rejection_reason',
  'recent_activity_summary',
  'masked_prompt',
  'raw_answer',
  'refused_answers',
  'message',
  'note',
  'notes',
  'resolution_note',
  'talking_points',
  'summary',
  'original_value',
]);

/** Keys whose values are personal data (names, contacts): the trail keeps only that they were there. */
const PII_KEYS: ReadonlySet<string> = new Set(PII_FIELD_NAMES);
export const REMOVED = '[pii-removed]';

/** A free text found in a payload: its dotted path there (`result.reasoning_summary`) and the text. */
export interface FoundText {
  path: string;
  text: string;
}

export interface SealedPayload {
  payload: Record<string, unknown>;
  texts: FoundText[];
}

/** How many texts' PII kinds the process remembers, by digest (a few MB). */
export const REMEMBERED_DIGESTS = 10_000;

/**
 * PII kinds by the text's SHA-256. One draft travels through several events of a recommendation (generated, its
 * screening, the review, the pre-delivery screening, the delivery), and detection is most of the trail's CPU; the
 * kinds of a text never change, so each is detected once while remembered.
 */
const kindsByDigest = new BoundedMap<string, PiiKind[]>(REMEMBERED_DIGESTS);

/** SHA-256 (hex) of the UTF-8 text and the PII kinds the detector finds in it, each once, sorted. */
export function digestOf(text: string): RestrictedTextDigest {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  let kinds = kindsByDigest.get(sha256);
  if (!kinds) {
    kinds = [...new Set(detectPii(text).map((finding) => finding.kind))].sort() as PiiKind[];
    kindsByDigest.set(sha256, kinds);
  }
  return { sha256, pii_kinds: [...kinds] };
}

/**
 * A deep copy of the payload as a version 2 record keeps it: every non-empty free text replaced by its digest
 * (and returned with its path, to be stored apart), every string under a PII key replaced by a marker (flags
 * such as `consent.email: true` are not PII and stay). Arrays and nesting are kept.
 */
export function sealPayload(payload: object): SealedPayload {
  const texts: FoundText[] = [];
  const walk = (value: unknown, path: string, personal: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}${index}.`, personal));
    if (typeof value === 'string') return personal ? REMOVED : value;
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        if (typeof inner === 'string' && inner.length > 0 && FREE_TEXT_KEYS.has(key)) {
          texts.push({ path: `${path}${key}`, text: inner });
          return [key, digestOf(inner)];
        }
        return [key, walk(inner, `${path}${key}.`, personal || PII_KEYS.has(key))];
      }),
    );
  };
  return { payload: walk(payload, '', false) as Record<string, unknown>, texts };
}
