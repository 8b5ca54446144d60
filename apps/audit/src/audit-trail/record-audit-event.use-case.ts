import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DeadLetterEvent, EventEnvelope } from '@followup/contracts';
import { chainRecord, ChainHead } from '../chain/audit-chain';
import { KeyedSerializer } from '../chain/keyed-serializer';
import { AuditEntry, auditEntryOf, deadLetterEntryOf } from './audit-entry';
import { AuditRecordPublisher } from './audit-record-publisher';
import { AuditRecordRepository, StoredAuditRecord } from './audit-record.repository';
import { DraftTextRepository } from './draft-text.repository';

/** Builds the record to append after `head`, or returns undefined to append nothing. */
export type RecordForHead = (head: ChainHead) => Promise<AuditEntry['record'] | undefined>;

/** Positions lost to other writers before giving up (the event is then redelivered by Kafka). */
const MAX_APPEND_ATTEMPTS = 50;

export class AuditChainContentionError extends Error {
  constructor(tenant: string) {
    super(`Could not append to the audit chain of tenant ${tenant} after ${MAX_APPEND_ATTEMPTS} attempts`);
    this.name = 'AuditChainContentionError';
  }

  /** Labelled retryable, so EventConsumer rethrows it and Kafka redelivers the event instead of dead-lettering it. */
  get errorLabelSet(): Set<string> {
    return new Set(['RetryableWriteError']);
  }
}

/**
 * Appends one event to its tenant's hash chain, once. In this process a tenant's appends run one at a
 * time (Kafka hands over several partitions concurrently); across processes the unique indexes decide,
 * and a writer that lost a position reads the new head and tries the next one. A redelivered event is
 * refused by the unique event_id index, and only then looked up. The record carries its
 * outbox flag from the first write, so a crash before the publish is repaired by the relay.
 */
@Injectable()
export class RecordAuditEventUseCase {
  private readonly serializer = new KeyedSerializer();
  /**
   * The head this process last appended, per tenant: the next append tries the position after it without
   * reading the chain. A position taken meanwhile by another writer (or an event recorded before) makes
   * the insert fail, and the head is read again from the database.
   */
  private readonly knownHeads = new Map<string, ChainHead>();

  constructor(
    private readonly records: AuditRecordRepository,
    private readonly drafts: DraftTextRepository,
    private readonly publisher: AuditRecordPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordAuditEventUseCase.name);
  }

  /** Returns the record appended for the event, or undefined when it was recorded before. */
  execute(sourceTopic: string, event: EventEnvelope<object>): Promise<StoredAuditRecord | undefined> {
    return this.append(auditEntryOf(sourceTopic, event));
  }

  recordDeadLetter(sourceTopic: string, deadLetter: DeadLetterEvent): Promise<StoredAuditRecord | undefined> {
    return this.append(deadLetterEntryOf(sourceTopic, deadLetter));
  }

  /**
   * Appends the record `recordFor` builds for the tenant's current head, in line with the tenant's other
   * appends, so a record can depend on the head it follows (a checkpoint signs it). The builder is asked
   * again whenever another writer took the position. Returns the record appended, or undefined when the
   * builder declined or a record with the same event_id was stored before.
   */
  appendAfterHead(tenant: string, recordFor: RecordForHead): Promise<StoredAuditRecord | undefined> {
    return this.serializer.run(tenant, () => this.appendInLine(tenant, recordFor));
  }

  private append(entry: AuditEntry): Promise<StoredAuditRecord | undefined> {
    const { tenant, event_id } = entry.record;
    return this.serializer.run(tenant, async () => {
      // the texts go first, so a crash before the record leaves nothing chained without its text; an event
      // redelivered after its record was appended stores none, so a text erased since does not come back
      if (entry.drafts.length > 0 && (await this.records.findByEventId(event_id)))
        return this.appendInLine(tenant, async () => entry.record);
      const storedAt = new Date().toISOString();
      await this.drafts.saveAll(
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
      return this.appendInLine(tenant, async () => entry.record);
    });
  }

  /** Runs inside the tenant's serializer. */
  private async appendInLine(tenant: string, recordFor: RecordForHead): Promise<StoredAuditRecord | undefined> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const head = this.knownHeads.get(tenant) ?? (await this.records.currentHead(tenant));
      const built = await recordFor(head);
      if (!built) return undefined;
      const record: StoredAuditRecord = {
        ...chainRecord({ ...built, recorded_at: new Date().toISOString() }, head),
        outbox_pending: true,
      };
      if ((await this.records.insert(record)) === 'inserted') {
        this.knownHeads.set(tenant, { sequence: record.sequence, hash: record.hash });
        await this.records.advanceHead(tenant, record);
        this.logger.debug({ sequence: record.sequence, action: record.action }, 'audit record appended');
        await this.publisher.publish(record);
        return record;
      }
      this.knownHeads.delete(tenant);
      const existing = await this.records.findByEventId(record.event_id);
      if (existing) {
        if (existing.outbox_pending) await this.publisher.publish(existing);
        return undefined;
      }
    }
    throw new AuditChainContentionError(tenant);
  }
}
