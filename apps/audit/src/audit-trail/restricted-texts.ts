import { createHash, createHmac } from 'node:crypto';
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

/** How many texts' PII kinds the process remembers, by digest (a few MB). */
export const REMEMBERED_DIGESTS = 10_000;

/**
 * How a digest chained since digest keys says it was made: an HMAC-SHA256 under its owner's key (see text-digest-keys.ts).
 * A digest chained before has no `digest` field and is the plain SHA-256 of the text.
 */
export const KEYED_DIGEST = 'hmac-sha256';

export type KeyedTextDigest = RestrictedTextDigest & { digest: typeof KEYED_DIGEST };

/**
 * PII kinds by the text's digest. One draft travels through several events of a recommendation (generated, its
 * screening, the review, the pre-delivery screening, the delivery), all under the key of the same lead, and detection
 * is most of the trail's CPU; the kinds of a text never change, so each is detected once while remembered.
 */
const kindsByDigest = new BoundedMap<string, PiiKind[]>(REMEMBERED_DIGESTS);

const hmacOf = (text: string, key: Buffer): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/**
 * HMAC-SHA256 (hex) of the UTF-8 text under the key of the lead (or other owner) the text belongs to, and the PII
 * kinds the detector finds in it, each once, sorted. Keyed, so a reader of the chain cannot confirm a guessed text
 * (a template filled with a first name) by hashing it, and once the key is erased nobody can.
 */
export function digestOf(text: string, key: Buffer): KeyedTextDigest {
  const sha256 = hmacOf(text, key);
  let kinds = kindsByDigest.get(sha256);
  if (!kinds) {
    kinds = [...new Set(detectPii(text).map((finding) => finding.kind))].sort() as PiiKind[];
    kindsByDigest.set(sha256, kinds);
  }
  return { sha256, pii_kinds: [...kinds], digest: KEYED_DIGEST };
}

/**
 * Whether a chained digest is the text's: under `key` (its owner's) where the digest says it is keyed, else the plain
 * SHA-256 of a record chained before digest keys. A keyed digest whose key was erased matches no text.
 */
export function isDigestOf(digest: RestrictedTextDigest, text: string, key: Buffer | undefined): boolean {
  if (digest.digest === KEYED_DIGEST) return key !== undefined && hmacOf(text, key) === digest.sha256;
  return createHash('sha256').update(text, 'utf8').digest('hex') === digest.sha256;
}

/**
 * Walks a payload as a version 2 record keeps it: a deep copy with every non-empty free text replaced by what
 * `replace` makes of it (and collected with its path), every string under a PII key replaced by a marker (flags
 * such as `consent.email: true` are not PII and stay). Arrays and nesting are kept.
 */
function walked(payload: object, replace: (text: string) => unknown): { payload: Record<string, unknown>; texts: FoundText[] } {
  const texts: FoundText[] = [];
  const walk = (value: unknown, path: string, personal: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}${index}.`, personal));
    if (typeof value === 'string') return personal ? REMOVED : value;
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        if (typeof inner === 'string' && inner.length > 0 && FREE_TEXT_KEYS.has(key)) {
          texts.push({ path: `${path}${key}`, text: inner });
          return [key, replace(inner)];
        }
        return [key, walk(inner, `${path}${key}.`, personal || PII_KEYS.has(key))];
      }),
    );
  };
  return { payload: walk(payload, '', false) as Record<string, unknown>, texts };
}

/** The payload's non-empty free texts with their paths, in the order sealPayload digests them. */
export function freeTextsOf(payload: object): FoundText[] {
  return walked(payload, (text) => text).texts;
}

/** A deep copy of the payload as a version 2 record keeps it: every free text by its `digest`, names and contacts by a marker. */
export function sealPayload(payload: object, digest: (text: string) => RestrictedTextDigest): Record<string, unknown> {
  return walked(payload, digest).payload;
}
