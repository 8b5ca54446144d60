import { ERASED_TEXT } from '@followup/contracts';
import { blankedTexts } from '@followup/persistence';
import type { RecordChange } from './recommendation-versions';

/**
 * The request event's texts: in `requested_event` (its JSON text as sent), and, in records stored before its outbox became
 * a marker pointing there, in the outbox until the broker acknowledged it.
 */
export const REQUEST_EVENT_TEXTS = ['payload.lead.first_name', 'payload.input.recent_activity_summary'];
/** The review event's texts, while it waits in the outbox. */
const REVIEW_EVENT_TEXTS = ['payload.draft_message', 'payload.original_draft', 'payload.edit_diff', 'payload.rejection_reason'];

/** Every free text of the lead a recommendation record holds, by path: what its lead's erasure blanks. */
export const RECOMMENDATION_TEXTS = [
  'result.draft_message',
  'result.reasoning_summary',
  'review.draft_message',
  'review.original_draft',
  'review.edit_diff',
  'review.rejection_reason',
  // the request event of a record stored before it was kept as JSON text
  ...REQUEST_EVENT_TEXTS.map((path) => `requested_event.${path}`),
  ...[...REQUEST_EVENT_TEXTS, ...REVIEW_EVENT_TEXTS].map((path) => `outbox.event.${path}`),
];

/**
 * Where a claimed change (recommendation_transitions) keeps the lead's texts: in `set`, its Extended JSON text (a date
 * is `{"$date": …}` there, which the JSON round trip keeps), or the object of claims stored before.
 */
export const CLAIMED_TEXTS = { blank: RECOMMENDATION_TEXTS.map((path) => `set.${path}`), blankInJson: { set: RECOMMENDATION_TEXTS } };

/** The change with every text of the lead it would write erased: how a change of an erased lead's record is written. */
export function withTextsErased(change: RecordChange): RecordChange {
  return { ...change, set: { ...change.set, ...(blankedTexts(change.set, RECOMMENDATION_TEXTS, ERASED_TEXT) as RecordChange['set']) } };
}
