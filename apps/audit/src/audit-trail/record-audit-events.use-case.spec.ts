import { ClientKafka } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventEnvelope, Topics } from '@followup/contracts';
import { ErasedLeads, EventPublisher } from '@followup/messaging';
import { auditEntryOf } from './audit-entry';
import { DraftTextRepository } from './draft-text.repository';
import { RecordAuditEventsUseCase } from './record-audit-events.use-case';
import { TextDigestKeyring, TextOwnerIds } from './text-digest-keyring';
import { digestKeyOwnerOf, DigestKeys } from './text-digest-keys';

/** The bytes 0x00 to 0x1f: the hex key the HMAC below was worked out with, by `openssl dgst -sha256 -mac HMAC -macopt hexkey:…`. */
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

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
  // every owner's key is KEY
  const digestKeys = {
    keysFor: async (records: TextOwnerIds[]) => {
      log.push(`keys for ${records.map(({ tenant, lead_id }) => `${tenant} ${lead_id}`).join(', ')}`);
      const keys = new DigestKeys();
      for (const record of records) keys.set(digestKeyOwnerOf(record), KEY);
      return keys;
    },
  } as unknown as TextDigestKeyring;
  return {
    useCase: new RecordAuditEventsUseCase(
      drafts,
      digestKeys,
      new EventPublisher(client, { KAFKA_TOPIC_PREFIX: '' } as Environment, logger),
    ),
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

    expect(log).toEqual([
      'keys for acme LD-1, globex LD-1',
      'insert message of 1 (LD-1): needs data, message of 2 (LD-1): call back',
      'sendBatch of 2',
    ]);
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
    // HMAC-SHA256 of "needs data" under KEY, by openssl
    expect(record.payload.message).toEqual({
      sha256: 'a1ac1dd903a5a95af1ed65fefec76ef1cb039a1ec4d3305941d7327372d44a9f',
      pii_kinds: [],
      digest: 'hmac-sha256',
    });
  });

  it('looks up no digest key for an event without free text', async () => {
    const { useCase, log } = stage();
    const upserted = { ...first, event_type: 'lead.upserted', payload: { lead_id: 'LD-1', first_name: 'Sarah' } };
    await useCase.execute([auditEntryOf('followup.leads.v1', upserted)], new ErasedLeads());
    expect(log).toEqual(['keys for ', 'insert ', 'sendBatch of 1']);
  });

  it('does nothing for no events', async () => {
    const { useCase, log } = stage();
    await useCase.execute([], new ErasedLeads());
    expect(log).toEqual([]);
  });
});
