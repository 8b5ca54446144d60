import { KafkaMessage } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DeadLetterEvent, ERASURE_REQUESTER, EventEnvelope, TopicName, Topics } from '@followup/contracts';
import { EraseLeadUseCase, ErasedLeads, ErasedLeadsView, EventConsumer, EventPublisher } from '@followup/messaging';
import { AuditEntry } from '../audit-trail/audit-entry';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { RecordAuditEventsUseCase } from '../audit-trail/record-audit-events.use-case';
import { FetchedBatch, RecordFetchUseCase } from './record-fetch.use-case';

/** Recommendations whose chained records name LD-2 (erased), LD-3 (not erased) and no lead. */
const [REC_2, REC_3, REC_4] = ['b2', 'b3', 'b4'].map((n) => `00000000-0000-4000-8000-0000000000${n}`);

function notification(n: number): EventEnvelope<object> {
  return {
    event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    event_type: 'notification.requested',
    event_version: 1,
    occurred_at: '2026-04-20T10:00:00Z',
    request_id: `req-${n}`,
    tenant: 'acme',
    producer: 'gateway',
    actor: { kind: 'service', id: 'gateway' },
    payload: { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: `LD-${n}`, message: `needs data ${n}` },
  };
}

const deadLetter: DeadLetterEvent = {
  consumer: 'compliance',
  source_topic: Topics.RecommendationGenerated,
  source_partition: 2,
  source_offset: '40',
  reason: 'validation_failed',
  problems: ['payload must be an object'],
  request_id: 'req-dl',
  original_value: '{"tenant":"acme"}',
  dead_lettered_at: '2026-04-20T10:00:01Z',
};

const erasureRequest: EventEnvelope<object> = {
  event_id: '00000000-0000-4000-8000-0000000000e1',
  event_type: 'erasure.requested',
  event_version: 1,
  occurred_at: '2026-04-20T10:00:02Z',
  request_id: 'req-erase',
  tenant: 'acme',
  producer: ERASURE_REQUESTER,
  actor: { kind: 'service', id: ERASURE_REQUESTER },
  payload: {
    erasure_id: '00000000-0000-4000-8000-0000000000e2',
    lead_id: 'LD-1',
    services: ['audit'],
    requested_at: '2026-04-20T10:00:02Z',
  },
};

function message(offset: number, value: unknown): KafkaMessage {
  return {
    offset: String(offset),
    key: Buffer.from('key'),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: '0',
    attributes: 0,
    headers: {},
  };
}

function batch(topic: TopicName, partition: number, ...messages: KafkaMessage[]): FetchedBatch {
  return { topic, partition, messages };
}

/** The use case with the real EventConsumer (validation, dead letters) and a write that `fail` may refuse. */
function stage(fail: (entries: readonly AuditEntry[]) => Error | undefined = () => undefined) {
  const log: string[] = [];
  const deadLetters: DeadLetterEvent[] = [];
  const logger = { setContext: () => undefined, warn: () => undefined, error: (fields: object) => log.push(JSON.stringify(fields)) };
  const publisher = {
    publish: async (topic: string, _key: string, event: DeadLetterEvent) => void (topic === Topics.DeadLetter && deadLetters.push(event)),
  } as unknown as EventPublisher;
  const consumer = new EventConsumer(publisher, logger as unknown as PinoLogger, 'audit');
  const recordEvents = {
    execute: async (entries: readonly AuditEntry[]) => {
      log.push(`record ${entries.map(({ record }) => record.event_id.replace(/^0+-0+-4000-8000-0*/, '')).join(' ')}`);
      const error = fail(entries);
      if (error) throw error;
    },
  } as unknown as RecordAuditEventsUseCase;
  const eraseLead = { execute: async (event: { payload: { lead_id: string } }) => void log.push(`erase ${event.payload.lead_id}`) };
  const askedForErased: string[][] = [];
  const erasedLeads = {
    among: async (leadIds: readonly string[]) => {
      askedForErased.push([...leadIds]);
      return ErasedLeads.of([{ tenant: 'acme', lead_id: 'LD-2' }]);
    },
  } as unknown as ErasedLeadsView;
  // the chained records tie REC_2 to LD-2 (erased) and REC_3 to LD-3
  const chained = {
    leadsOfRecommendations: async (tenant: string, recommendationIds: string[]) => {
      log.push(`leads of ${tenant} ${recommendationIds.join(' ')}`);
      const leads = new Map([
        [REC_2, 'LD-2'],
        [REC_3, 'LD-3'],
      ]);
      return new Map(recommendationIds.flatMap((id) => (leads.has(id) ? [[id, leads.get(id)!] as const] : [])));
    },
  } as unknown as AuditRecordRepository;
  const useCase = new RecordFetchUseCase(
    consumer,
    recordEvents,
    eraseLead as unknown as EraseLeadUseCase,
    erasedLeads,
    chained,
    logger as unknown as PinoLogger,
  );
  let heartbeats = 0;
  const heartbeat = async () => void (heartbeats += 1);
  return { useCase, log, deadLetters, heartbeat, heartbeats: () => heartbeats, askedForErased, recordEvents };
}

describe('RecordFetchUseCase', () => {
  it('records every valid event of all the batches of a fetch with one write, dead-letters the invalid, skips a malformed dead letter', async () => {
    const { useCase, log, deadLetters, heartbeat, heartbeats } = stage();

    await useCase.execute(
      [
        batch(Topics.NotificationRequested, 0, message(3, notification(1)), message(4, notification(2))),
        batch(Topics.RecommendationGenerated, 1, message(7, { not: 'an event' })),
        batch(Topics.DeadLetter, 0, message(12, deadLetter), message(13, 'not json')),
        batch(Topics.NotificationRequested, 2, message(9, notification(3))),
      ],
      heartbeat,
    );

    // event ids 1, 2 and 3 (their digits after the uuid's zeros), the dead letter under its derived id, in fetch order
    expect(log).toEqual([
      JSON.stringify({ error_code: 'MALFORMED_DEAD_LETTER', details: { problems: ['not a JSON object'], offset: '13' } }),
      `record 1 2 dead-letter:compliance:${Topics.RecommendationGenerated}:2:40 3`,
    ]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      consumer: 'audit',
      source_topic: Topics.RecommendationGenerated,
      source_partition: 1,
      source_offset: '7',
      reason: 'validation_failed',
      original_value: '{"not":"an event"}',
    });
    expect(heartbeats()).toBe(1);
  });

  it('records a backlog in slices of 500 events, a heartbeat after each', async () => {
    const { useCase, log, heartbeat, heartbeats } = stage();
    const messages = Array.from({ length: 501 }, (_, index) => message(index, notification(index + 1)));

    await useCase.execute(
      [batch(Topics.NotificationRequested, 0, ...messages.slice(0, 300)), batch(Topics.NotificationRequested, 1, ...messages.slice(300))],
      heartbeat,
    );

    expect(log.map((line) => line.split(' ').length - 1)).toEqual([500, 1]);
    expect(log[1]).toBe('record 501');
    expect(heartbeats()).toBe(2);
  });

  it('asks once per fetch which of the leads with texts in it were erased, and hands the answer to every write', async () => {
    const { useCase, heartbeat, askedForErased, recordEvents } = stage();
    const execute = jest.spyOn(recordEvents, 'execute');
    const messages = Array.from({ length: 501 }, (_, index) => message(index, notification(index + 1)));

    await useCase.execute(
      [batch(Topics.ErasureRequested, 0, message(0, erasureRequest)), batch(Topics.NotificationRequested, 0, ...messages)],
      heartbeat,
    );

    // the 501 notifications' leads, in fetch order; the erasure request holds no text
    expect(askedForErased).toEqual([Array.from({ length: 501 }, (_, index) => `LD-${index + 1}`)]);
    expect(execute).toHaveBeenCalledTimes(2);
    for (const [, erased] of execute.mock.calls) expect([erased.has('acme', 'LD-2'), erased.has('acme', 'LD-1')]).toEqual([true, false]);
  });

  it('records the events one by one when the write refuses them together, and dead-letters only the one it refuses alone', async () => {
    const refused = Object.assign(new Error('document invalid'), { name: 'MongoServerError' });
    const { useCase, log, deadLetters, heartbeat } = stage((entries) =>
      entries.length > 1 || entries[0].record.request_id === 'req-2' ? refused : undefined,
    );

    await useCase.execute([batch(Topics.NotificationRequested, 0, message(3, notification(1)), message(4, notification(2)))], heartbeat);

    expect(log).toEqual([
      'record 1 2',
      'record 1',
      'record 2',
      JSON.stringify({ error_name: 'MongoServerError', error_message: 'document invalid' }),
    ]);
    expect(deadLetters.map(({ reason, source_offset, request_id }) => [reason, source_offset, request_id])).toEqual([
      ['processing_failed', '4', 'req-2'],
    ]);
  });

  it('rethrows an outage of the write, dead-lettering nothing, so the fetch is delivered again', async () => {
    const outage = Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' });
    const { useCase, log, deadLetters, heartbeat } = stage(() => outage);

    await expect(useCase.execute([batch(Topics.NotificationRequested, 0, message(3, notification(1)))], heartbeat)).rejects.toBe(outage);

    expect(log).toEqual(['record 1']);
    expect(deadLetters).toEqual([]);
  });

  it('gives a text naming only a recommendation of an erased lead to that lead, and leaves one of a lead not erased alone', async () => {
    const { useCase, log, heartbeat, askedForErased, recordEvents } = stage();
    const recorded = jest.spyOn(recordEvents, 'execute');
    const ofRecommendation = (n: number, recommendationId: string) => {
      const event = notification(n);
      return {
        ...event,
        payload: { kind: 'low_confidence', recipient_role: 'sales_rep', recommendation_id: recommendationId, message: 'hi' },
      };
    };

    await useCase.execute(
      [
        batch(
          Topics.NotificationRequested,
          0,
          message(1, ofRecommendation(1, REC_2)),
          message(2, ofRecommendation(2, REC_3)),
          message(3, ofRecommendation(3, REC_4)),
          message(4, notification(5)),
        ),
      ],
      heartbeat,
    );

    expect(log).toEqual([`leads of acme ${REC_2} ${REC_3} ${REC_4}`, 'record 1 2 3 5']);
    // LD-5 named by its event, LD-2 and LD-3 by the chained records; of those only LD-2 is erased
    expect(askedForErased).toEqual([['LD-5', 'LD-2', 'LD-3']]);
    const [entries] = recorded.mock.calls[0];
    expect(entries.map(({ record }) => [record.recommendation_id, record.lead_id])).toEqual([
      [REC_2, 'LD-2'],
      [REC_3, undefined],
      [REC_4, undefined],
      [undefined, 'LD-5'],
    ]);
  });

  it('chains an erasure request before the rest of its fetch (its confirmations among them), and erases once all is stored', async () => {
    const { useCase, log, heartbeat } = stage();

    await useCase.execute(
      [batch(Topics.NotificationRequested, 0, message(3, notification(1))), batch(Topics.ErasureRequested, 0, message(0, erasureRequest))],
      heartbeat,
    );

    expect(log).toEqual(['record e1 1', 'erase LD-1']);
  });

  it('erases once every event of the fetch is recorded, also when the write refuses them together and each is recorded alone', async () => {
    const refused = Object.assign(new Error('document invalid'), { name: 'MongoServerError' });
    const { useCase, log, heartbeat } = stage((entries) => (entries.length > 1 ? refused : undefined));

    await useCase.execute(
      [batch(Topics.NotificationRequested, 0, message(3, notification(1))), batch(Topics.ErasureRequested, 0, message(0, erasureRequest))],
      heartbeat,
    );

    // the notification of the erased lead is stored before its erasure, never after it
    expect(log).toEqual(['record e1 1', 'record e1', 'record 1', 'erase LD-1']);
  });

  it("erases after the last slice of a backlog, which may hold the erased lead's texts", async () => {
    const { useCase, log, heartbeat } = stage();
    const notifications = Array.from({ length: 500 }, (_, index) => message(index + 1, notification(index + 1)));

    await useCase.execute(
      [batch(Topics.ErasureRequested, 0, message(0, erasureRequest)), batch(Topics.NotificationRequested, 0, ...notifications)],
      heartbeat,
    );

    // slice 1: the request and 499 notifications; slice 2: the last notification; then the erasure
    expect(log.map((line) => line.split(' ')[0])).toEqual(['record', 'record', 'erase']);
    expect(log[1]).toBe('record 500');
    expect(log[2]).toBe('erase LD-1');
  });
});
