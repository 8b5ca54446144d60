import { diffWords } from 'diff';
import type { ReviewDecision } from '@followup/contracts';

export interface ApprovalOutcome {
  decision: Extract<ReviewDecision, 'approved' | 'edited_and_approved'>;
  /** The text to deliver. */
  draft_message: string;
  /** Only when edited: the recommender's text and a word diff from it to the reviewer's. */
  original_draft?: string;
  edit_diff?: string;
}

/**
 * A word-level diff in git's `--word-diff=plain` notation: `[-removed-]` and `{+added+}` inline in the
 * unchanged text. Built on jsdiff's `diffWords` (Myers' algorithm over word tokens).
 */
export function wordDiff(original: string, edited: string): string {
  return diffWords(original, edited)
    .map((change) => (change.added ? `{+${change.value}+}` : change.removed ? `[-${change.value}-]` : change.value))
    .join('');
}

/**
 * What approving means: the recommender's draft as it is, or, when the reviewer sent a different text
 * (ignoring surrounding whitespace), the reviewer's text with both versions and the diff kept.
 */
export function decideApproval(originalDraft: string, editedDraft?: string): ApprovalOutcome {
  const edited = editedDraft?.trim();
  if (edited === undefined || edited === '' || edited === originalDraft.trim()) {
    return { decision: 'approved', draft_message: originalDraft };
  }
  return {
    decision: 'edited_and_approved',
    draft_message: edited,
    original_draft: originalDraft,
    edit_diff: wordDiff(originalDraft, edited),
  };
}
