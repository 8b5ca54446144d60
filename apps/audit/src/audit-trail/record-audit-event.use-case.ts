import { Injectable } from '@nestjs/common';
import { DeadLetterEvent, EventEnvelope, Topics } from '@followup/contracts';
import { REQUEST_ID_HEADER } from '@followup/logging';
import { EventPublisher } from '@followup/messaging';
import { canonicalJson } from '../chain/canonical-json';
import { AuditEntry, auditEntryOf, deadLetterEntryOf } from './audit-entry';
import { DraftTextRepository } from './draft-text.repository';

/**
 * The first of the audit trail's two stages. Workflow topics are keyed by lead, so one tenant's events reach
 * every audit instance; this stage keeps an event's free texts apart and hands its PII-free record, keyed by
 * tenant, to the chain input topic, where the instance owning the tenant's partition chains it
 * (AuditChainConsumer). The hand-over is the same bytes for the same event, so a redelivery is a copy the
 * chain refuses by event id.
 */
@Injectable()
export class RecordAuditEventUseCase {
  constructor(
    private readonly drafts: DraftTextRepository,
    private readonly publisher: EventPublisher,
  ) {}

  execute(sourceTopic: string, event: EventEnvelope<object>): Promise<void> {
    return this.handOver(auditEntryOf(sourceTopic, event));
  }

  recordDeadLetter(sourceTopic: string, deadLetter: DeadLetterEvent): Promise<void> {
    return this.handOver(deadLetterEntryOf(sourceTopic, deadLetter));
  }

  private async handOver(entry: AuditEntry): Promise<void> {
    const { tenant, event_id } = entry.record;
    // the texts go first, so a crash before the hand-over leaves nothing chained without its text; a text stored
    // before, or erased since, is not written again (the unique (event_id, kind) index)
    const storedAt = new Date().toISOString();
    await this.drafts.insertNew(
      entry.drafts.map((draft) => ({
        tenant,
        event_id,
        kind: draft.kind,
        recommendation_id: entry.record.recommendation_id,
        lead_id: entry.record.lead_id,
        text: draft.text,
        stored_at: storedAt,
      })),
    );
    const headers: Record<string, string> = entry.record.request_id ? { [REQUEST_ID_HEADER]: entry.record.request_id } : {};
    await this.publisher.publishEncoded(Topics.AuditChainInput, tenant, canonicalJson(entry.record), headers);
  }
}
