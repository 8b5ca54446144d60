import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@followup/auth';
import { Role } from '@followup/contracts';
import { ChainedRecord } from '../chain/audit-chain';
import { DraftTextRepository } from '../audit-trail/draft-text.repository';

/**
 * Of the roles that read the audit records, those that also read restricted texts tenant-wide (as the drafts
 * route lets them): they get each record's texts beside its digests. An analyst gets the digests only.
 */
const READS_RESTRICTED_TEXTS: readonly Role[] = ['admin'];

export interface RestrictedTextView {
  kind: string;
  text: string;
}

export type AuditRecordView = ChainedRecord & { restricted_texts?: RestrictedTextView[] };

/** Adds to each record that has restricted texts still stored (not erased) those texts, for a caller who may read them. */
@Injectable()
export class RestrictedTextsFor {
  constructor(private readonly drafts: DraftTextRepository) {}

  async attach(user: AuthenticatedUser, records: ChainedRecord[]): Promise<AuditRecordView[]> {
    if (user.acting_role === undefined || !READS_RESTRICTED_TEXTS.includes(user.acting_role)) return records;
    const eventIds = records.filter((record) => record.draft_kinds?.length).map((record) => record.event_id);
    if (eventIds.length === 0) return records;
    const byEvent = new Map<string, RestrictedTextView[]>();
    for (const { event_id, kind, text } of await this.drafts.findByEvents(user.tenant, eventIds)) {
      byEvent.set(event_id, [...(byEvent.get(event_id) ?? []), { kind, text }]);
    }
    return records.map((record) => (byEvent.has(record.event_id) ? { ...record, restricted_texts: byEvent.get(record.event_id) } : record));
  }
}
