import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErasureCompletedEvent, ErasureRequestedEvent } from './erasure.events';

const envelope = (producer: string, event_type: string, payload: object) => ({
  event_id: '1b7a0c5e-7c7c-4a57-9d3e-0b6f1c6e2a11',
  event_type,
  event_version: 1,
  occurred_at: '2026-04-20T10:00:00Z',
  request_id: 'erase-1',
  tenant: 'acme',
  producer,
  actor: { kind: 'user', id: 'admin-cli', role: 'admin' },
  payload,
});

const problems = (eventClass: new () => object, raw: object) =>
  validateSync(plainToInstance(eventClass, raw), { forbidUnknownValues: true }).map((error) => error.property);

describe('the erasure events', () => {
  const request = {
    erasure_id: '6f1c2a3b-0c4d-4e5f-8a9b-0c1d2e3f4a5b',
    lead_id: 'LD-9',
    services: ['delivery', 'audit'],
    requested_at: '2026-04-20T10:00:00Z',
  };

  it('takes a request only from the admin tool, never from a service', () => {
    expect(problems(ErasureRequestedEvent, envelope('admin', 'erasure.requested', request))).toEqual([]);
    expect(problems(ErasureRequestedEvent, envelope('gateway', 'erasure.requested', request))).toEqual(['producer']);
    expect(problems(ErasureRequestedEvent, envelope('admin', 'erasure.requested', { ...request, services: ['mailer'] }))).toEqual([
      'payload',
    ]);
  });

  it('takes a completion from a service, with counts per store and no values', () => {
    const completed = {
      erasure_id: request.erasure_id,
      lead_id: 'LD-9',
      service: 'delivery',
      erased: [
        { store: 'contacts.first_name', count: 1 },
        { store: 'call_tasks.talking_points', count: 2 },
      ],
      completed_at: '2026-04-20T10:00:01Z',
    };
    expect(problems(ErasureCompletedEvent, envelope('delivery', 'erasure.completed', completed))).toEqual([]);
    expect(
      problems(
        ErasureCompletedEvent,
        envelope('delivery', 'erasure.completed', { ...completed, erased: [{ store: 'contacts.email', count: 'sarah@example.com' }] }),
      ),
    ).toEqual(['payload']);
  });

  it('counts are non-negative integers under store names, never values', () => {
    const completed = (erased: object[]) => ({
      erasure_id: request.erasure_id,
      lead_id: 'LD-9',
      service: 'delivery',
      erased,
      completed_at: '2026-04-20T10:00:01Z',
    });
    const check = (erased: object[]) => problems(ErasureCompletedEvent, envelope('delivery', 'erasure.completed', completed(erased)));
    expect(check([])).toEqual([]);
    expect(check([{ store: 'lead_directory.email', count: 0 }])).toEqual([]);
    expect(check([{ store: 'escalations.outbox.0.event.payload.draft_message', count: 1 }])).toEqual([]); // an array position
    expect(check([{ store: 'lead_directory.email', count: -1 }])).toEqual(['payload']);
    expect(check([{ store: 'Sarah Lee', count: 1 }])).toEqual(['payload']);
    expect(check([{ store: 'contacts', count: 1.5 }])).toEqual(['payload']);
  });
});
