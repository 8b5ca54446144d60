import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Topics } from '@followup/contracts';
import { EventPublisher } from '@followup/messaging';
import { publicRecord } from '../chain/audit-chain';
import { canonicalJson } from '@followup/config';
import { auditHeadersOf } from './audit-record-headers';
import { AuditRecordRepository, StoredAuditRecord } from './audit-record.repository';

/**
 * Publishes stored records on the audit topic, keyed by tenant. A record appended outside the chain input (a
 * checkpoint) has its outbox flag cleared once the broker acknowledged it; a failed publish leaves the flag set
 * for the relay. A record may therefore appear twice on the topic, always identical (replay keeps one copy per
 * tenant and sequence).
 */
@Injectable()
export class AuditRecordPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly records: AuditRecordRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AuditRecordPublisher.name);
  }

  /**
   * Publishes records chained from the chain input, all in one tick (the EventPublisher sends them as one batch).
   * Throws when the broker did not acknowledge them: the input's offsets then stay uncommitted and the
   * redelivered batch publishes them again, so these records carry no outbox flag.
   */
  async publishChained(records: StoredAuditRecord[]): Promise<void> {
    await Promise.all(records.map((record) => this.send(record)));
  }

  /** Returns whether the record is now published; never throws for an unreachable broker. */
  async publish(record: StoredAuditRecord): Promise<boolean> {
    try {
      await this.send(record);
      await this.records.markPublished(record.event_id);
      return true;
    } catch (error) {
      this.logger.warn(
        { error_code: 'AUDIT_PUBLISH_FAILED', error_name: (error as Error).name, sequence: record.sequence },
        'audit record stored but not published yet; the relay will retry',
      );
      return false;
    }
  }

  private send(record: StoredAuditRecord): Promise<void> {
    return this.publisher.publishEncoded(Topics.AuditRecorded, record.tenant, canonicalJson(publicRecord(record)), auditHeadersOf(record));
  }
}
