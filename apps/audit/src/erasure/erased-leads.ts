import { ErasedLeads } from '@followup/messaging';
import type { DraftTextRecord, DraftTextTombstone } from '../audit-trail/draft-text.repository';

/**
 * The texts as the first stage stores them: a text of a lead erased before (an event in flight at the erasure,
 * arriving after it) is stored as the tombstone the erasure would have left, so the lead's PII does not come back
 * and a redelivery of the event stores nothing either. A text that names only a recommendation (a dead letter, a
 * notification) is given the lead of the recommendation before, when that lead was erased (RecordFetchUseCase).
 */
export function textsToStore(
  texts: readonly DraftTextRecord[],
  erased: ErasedLeads,
  erasedAt: string,
): (DraftTextRecord | DraftTextTombstone)[] {
  return texts.map((text) =>
    text.lead_id !== undefined && erased.has(text.tenant, text.lead_id)
      ? { tenant: text.tenant, event_id: text.event_id, kind: text.kind, stored_at: text.stored_at, erased_at: erasedAt }
      : text,
  );
}
