import { ClientKafka } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventEnvelope, Topics } from '@followup/contracts';
import { ErasedLeads, EventPublisher } from '@followup/messaging';
import { auditEntryOf } from './audit-entry';
import { DraftTextRepository } from './draft-text.repository';
import { RecordAuditEventsUseCase } from './record-audit-events.use-case';

function notification(eventId: string, tenant: string, message: string): EventEnvelope<object> {
  return {
    event_id: eventId,
    event_type: 'notification.requested',
    event_version: 1,
    occurred_at: '2026-04-20T10:00:00Z',
    request_id: `req-${eventId.slice(-1)}`,
    tenant,
    producer: 'gateway',
    actor: { kind: 'service', id: 'gateway' },
    payload: { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: 'LD-1', message },
  };
}

const first = notification('00000000-0000-4000-8000-000000000001', 'acme', 'needs data');
const second = notification('00000000-0000-4000-8000-000000000002', 'globex', 'call back');

interface SentBatch {
  topicMessages: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[];
}

/** The use case with the real publisher (which merges one tick's publishes) over a producer that records its sendBatch calls. */
function stage() {
  const log: string[] = [];
  const sent: SentBatch[] = [];
  const producer = {
    sendBatch: async (batch: SentBatch) => {
      sent.push(batch);
      log.push(`sendBatch of ${batch.topicMessages.flatMap((topic) => topic.messages).length}`);
    },
  };
  const client = { connect: async () => producer } as unknown as ClientKafka;
  const logger = { setContext: () => undefined } as unknown as PinoLogger;
  const drafts = {
    insertNew: async (texts: { event_id: string; kind: string; lead_id?: string; text: string }[]) =>
      void log.push(
        `insert ${texts.map((text) => `${text.kind} of ${text.event_id.slice(-1)} (${text.lead_id}): ${text.text}`).join(', ')}`,
      ),
  } as unknown as DraftTextRepository;
  return {
    useCase: new RecordAuditEventsUseCase(drafts, new EventPublisher(client, { KAFKA_TOPIC_PREFIX: '' } as Environment, logger)),
    log,
    sent,
  };
}

describe('RecordAuditEventsUseCase', () => {
  it('stores the texts of all the events in one insert, then hands their records over in one sendBatch', async () => {
    const { useCase, log, sent } = stage();

    await useCase.execute(
      [auditEntryOf('followup.notifications.v1', first), auditEntryOf('followup.notifications.v1', second)],
      new ErasedLeads(),
    );

    expect(log).toEqual(['insert message of 1 (LD-1): needs data, message of 2 (LD-1): call back', 'sendBatch of 2']);
    expect(sent[0].topicMessages.map(({ topic, messages }) => [topic, messages.map(({ key, headers }) => [key, headers])])).toEqual([
      [
        Topics.AuditChainInput,
        [
          ['acme', { 'x-request-id': 'req-1' }],
          ['globex', { 'x-request-id': 'req-2' }],
        ],
      ],
    ]);
  });

  it('hands over the PII-free record keyed by tenant, the same bytes for a redelivery', async () => {
    const { useCase, sent } = stage();
    await useCase.execute([auditEntryOf('followup.notifications.v1', first)], new ErasedLeads());
    await useCase.execute([auditEntryOf('followup.notifications.v1', first)], new ErasedLeads());

    const [once, again] = sent.map((batch) => batch.topicMessages[0].messages[0].value);
    expect(again).toBe(once);
    const record = JSON.parse(once);
    expect(record).toMatchObject({ tenant: 'acme', event_id: first.event_id, action: 'notification.low_confidence', lead_id: 'LD-1' });
    expect(record).not.toHaveProperty('sequence');
    expect(record).not.toHaveProperty('recorded_at');
    expect(once).not.toContain('needs data');
  });

  it('does nothing for no events', async () => {
    const { useCase, log } = stage();
    await useCase.execute([], new ErasedLeads());
    expect(log).toEqual([]);
  });
});
