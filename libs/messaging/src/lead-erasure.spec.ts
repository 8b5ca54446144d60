import { PinoLogger } from 'nestjs-pino';
import { ErasureRequestedEvent, Topics } from '@followup/contracts';
import { EraseLeadUseCase, LeadErasureStore } from './lead-erasure';
import { EventPublisher } from './event-publisher';

describe('EraseLeadUseCase', () => {
  it("erases the lead in the service's own store twice, then confirms with both passes' counts, under the request's tenant and request id", async () => {
    const erasedFor: string[] = [];
    // the second pass finds a call task written by work in flight at the first
    const passes = [
      { 'contacts.first_name': 1, 'call_tasks.talking_points': 0 },
      { 'contacts.first_name': 0, 'call_tasks.talking_points': 1 },
    ];
    const store: LeadErasureStore = {
      erase: async (tenant, leadId) => (erasedFor.push(`${tenant}/${leadId}`), passes[erasedFor.length - 1]),
    };
    const published: { topic: string; key: string; event: any }[] = [];
    const publisher = { publish: async (topic: string, key: string, event: object) => void published.push({ topic, key, event }) };
    const logger = { setContext: () => undefined, info: () => undefined } as unknown as PinoLogger;
    const useCase = new EraseLeadUseCase(store, publisher as unknown as EventPublisher, logger, 'delivery');
    useCase.secondPassAfterMs = 2_500;
    let beats = 0;
    const request = {
      event_id: '1b7a0c5e-7c7c-4a57-9d3e-0b6f1c6e2a11',
      request_id: 'erasure-1',
      tenant: 'acme',
      payload: {
        erasure_id: '6f1c2a3b-0c4d-4e5f-8a9b-0c1d2e3f4a5b',
        lead_id: 'LD-9',
        services: ['delivery'],
        requested_at: '2026-04-20T10:00:00Z',
      },
    } as ErasureRequestedEvent;

    await useCase.execute(request, async () => void (beats += 1));

    expect(erasedFor).toEqual(['acme/LD-9', 'acme/LD-9']);
    // the wait of 2.5 s beat the group's heartbeat after 1 s, 2 s and 2.5 s
    expect(beats).toBe(3);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      topic: Topics.ErasureCompleted,
      key: 'LD-9',
      event: {
        event_type: 'erasure.completed',
        tenant: 'acme',
        request_id: 'erasure-1',
        producer: 'delivery',
        actor: { kind: 'service', id: 'delivery' },
        payload: {
          erasure_id: '6f1c2a3b-0c4d-4e5f-8a9b-0c1d2e3f4a5b',
          lead_id: 'LD-9',
          service: 'delivery',
          erased: [
            { store: 'contacts.first_name', count: 1 },
            { store: 'call_tasks.talking_points', count: 1 },
          ],
        },
      },
    });
  });
});
