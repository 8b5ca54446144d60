import { Injectable } from '@nestjs/common';
import { DeadLetterEvent, EventEnvelope, TopicName } from '@followup/contracts';
import { AuditRecordRepository } from './audit-record.repository';
import { stripPii } from './strip-pii';

interface WorkflowPayload {
  recommendation_id?: string;
  lead_id?: string;
  lead?: { lead_id?: string };
  error?: { code?: string };
  ai_service_version?: Record<string, unknown>;
}

@Injectable()
export class RecordAuditEventUseCase {
  constructor(private readonly records: AuditRecordRepository) {}

  execute(topic: TopicName, event: EventEnvelope<object>): Promise<boolean> {
    const payload = event.payload as WorkflowPayload;
    return this.records.append({
      event_id: event.event_id,
      topic,
      event_type: event.event_type,
      tenant: event.tenant,
      request_id: event.request_id,
      lead_id: payload.lead_id ?? payload.lead?.lead_id,
      recommendation_id: payload.recommendation_id,
      actor: { ...event.actor },
      occurred_at: new Date(event.occurred_at),
      error_code: payload.error?.code,
      ai_service_version: payload.ai_service_version,
      payload: stripPii(event.payload),
    });
  }

  /** Dead letters are not envelopes; they are keyed by where the failed message sat. */
  recordDeadLetter(topic: TopicName, deadLetter: DeadLetterEvent): Promise<boolean> {
    return this.records.append({
      event_id: `dead-letter:${deadLetter.consumer}:${deadLetter.source_topic}:${deadLetter.source_partition}:${deadLetter.source_offset}`,
      topic,
      event_type: 'dead_letter',
      tenant: 'unknown',
      request_id: deadLetter.request_id,
      actor: { kind: 'service', id: deadLetter.consumer },
      occurred_at: new Date(deadLetter.dead_lettered_at),
      error_code: deadLetter.reason,
      payload: stripPii(deadLetter),
    });
  }
}
