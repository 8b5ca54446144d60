import { Injectable } from '@nestjs/common';
import { Topics } from '@followup/contracts';
import { REQUEST_ID_HEADER } from '@followup/logging';
import { ErasedLeads, EventPublisher } from '@followup/messaging';
import { canonicalJson } from '@followup/config';
import { textsToStore } from '../erasure/erased-leads';
import { AuditEntry, sealedRecordOf } from './audit-entry';
import { DraftTextRecord, DraftTextRepository } from './draft-text.repository';
import { TextDigestKeyring } from './text-digest-keyring';

/**
 * The first of the audit trail's two stages. Workflow topics are keyed by lead, so one tenant's events reach
 * every audit instance; this stage keeps the events' free texts apart and hands their PII-free records, keyed by
 * tenant, to the chain input topic, where the instance owning the tenant's partition chains them
 * (AuditChainConsumer). The records chain the texts' digests under their owners' keys (TextDigestKeyring), so the
 * hand-over is the same bytes for the same event, and a redelivery is a copy the chain refuses by event id. However
 * many events, it costs one insert and one produce request (and, for owners not seen before, an insert of their keys).
 */
@Injectable()
export class RecordAuditEventsUseCase {
  constructor(
    private readonly drafts: DraftTextRepository,
    private readonly digestKeys: TextDigestKeyring,
    private readonly publisher: EventPublisher,
  ) {}

  /** `erased`: the leads erased before, of whom only tombstones are stored. */
  async execute(entries: readonly AuditEntry[], erased: ErasedLeads): Promise<void> {
    if (entries.length === 0) return;
    const keys = await this.digestKeys.keysFor(
      entries.filter(({ drafts }) => drafts.length > 0).map(({ record }) => record),
      erased,
    );
    const records = entries.map((entry) => sealedRecordOf(entry, keys));
    // the texts go first, so a crash before the hand-over leaves nothing chained without its text; a text stored
    // before, or erased since, is not written again (the unique (event_id, kind) index)
    const storedAt = new Date().toISOString();
    await this.drafts.insertNew(
      textsToStore(
        entries.flatMap((entry) => draftTextsOf(entry, storedAt)),
        erased,
        storedAt,
      ),
    );
    // published in one synchronous loop: the publisher sends what it is handed in one tick as one batch
    await Promise.all(
      records.map((record) =>
        this.publisher.publishEncoded(
          Topics.AuditChainInput,
          record.tenant,
          canonicalJson(record),
          record.request_id ? { [REQUEST_ID_HEADER]: record.request_id } : {},
        ),
      ),
    );
  }
}

function draftTextsOf({ record, drafts }: AuditEntry, storedAt: string): DraftTextRecord[] {
  return drafts.map((draft) => ({
    tenant: record.tenant,
    event_id: record.event_id,
    kind: draft.kind,
    recommendation_id: record.recommendation_id,
    lead_id: record.lead_id,
    text: draft.text,
    stored_at: storedAt,
  }));
}
