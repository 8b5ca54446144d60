import { EventEnvelope, Topics } from '@followup/contracts';
import { EventPublisher } from '@followup/messaging';
import { DraftTextRepository } from './draft-text.repository';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

const event: EventEnvelope<object> = {
  event_id: '00000000-0000-4000-8000-000000000001',
  event_type: 'notification.requested',
  event_version: 1,
  occurred_at: '2026-04-20T10:00:00Z',
  request_id: 'req-1',
  tenant: 'acme',
  producer: 'gateway',
  actor: { kind: 'service', id: 'gateway' },
  payload: { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: 'LD-1', message: 'needs data' },
};

function stage() {
  const handedOver: { topic: string; key: string; value: string; headers: Record<string, string> }[] = [];
  const publisher = {
    publishEncoded: async (topic: string, key: string, value: string, headers: Record<string, string>) =>
      void handedOver.push({ topic, key, value, headers }),
  } as unknown as EventPublisher;
  const insertedTexts: string[][] = [];
  const drafts = {
    insertNew: async (texts: { event_id: string; kind: string; lead_id?: string; text: string }[]) =>
      void insertedTexts.push([
        `handed over before: ${handedOver.length}`,
        ...texts.map((text) => `${text.kind} of ${text.event_id} (${text.lead_id}): ${text.text}`),
      ]),
  } as unknown as DraftTextRepository;
  const useCase = new RecordAuditEventUseCase(drafts, publisher);
  return { useCase, handedOver, insertedTexts };
}

describe('RecordAuditEventUseCase', () => {
  it('hands the PII-free record to the chain input keyed by tenant, the same bytes for a redelivery', async () => {
    const { useCase, handedOver } = stage();
    await useCase.execute('followup.notifications.v1', event);
    await useCase.execute('followup.notifications.v1', event);
    expect(handedOver).toHaveLength(2);
    expect(handedOver[0]).toMatchObject({ topic: Topics.AuditChainInput, key: 'acme', headers: { 'x-request-id': 'req-1' } });
    expect(handedOver[1].value).toBe(handedOver[0].value);
    const record = JSON.parse(handedOver[0].value);
    expect(record).toMatchObject({ tenant: 'acme', event_id: event.event_id, action: 'notification.low_confidence', lead_id: 'LD-1' });
    expect(record).not.toHaveProperty('sequence');
    expect(record).not.toHaveProperty('recorded_at');
    expect(handedOver[0].value).not.toContain('needs data');
  });

  it('keeps the texts of an event apart, inserted before the hand-over (the store refuses a second copy)', async () => {
    const { useCase, insertedTexts, handedOver } = stage();
    await useCase.execute('followup.notifications.v1', event);
    expect(insertedTexts).toEqual([['handed over before: 0', `message of ${event.event_id} (LD-1): needs data`]]);
    expect(handedOver).toHaveLength(1);
  });
});
