import { ErasureConfirmations, erasureRequestOf } from './erasure-confirmations';

const ERASURE = '6f1c2a3b-0c4d-4e5f-8a9b-0c1d2e3f4a5b';

function completion(service: string, overrides: { tenant?: string; erasure_id?: string; erased?: object[] } = {}) {
  return {
    event_id: '1b7a0c5e-7c7c-4a57-9d3e-0b6f1c6e2a11',
    event_type: 'erasure.completed',
    event_version: 1,
    occurred_at: '2026-04-20T10:00:00Z',
    request_id: 'erasure-1',
    tenant: overrides.tenant ?? 'acme',
    producer: service,
    actor: { kind: 'service', id: service },
    payload: {
      erasure_id: overrides.erasure_id ?? ERASURE,
      lead_id: 'LD-9',
      service,
      erased: overrides.erased ?? [{ store: 'draft_texts', count: 3 }],
      completed_at: '2026-04-20T10:00:01Z',
    },
  };
}

describe('ErasureConfirmations', () => {
  it('counts each expected service once, for this erasure and tenant only, and says who is missing', () => {
    const confirmations = new ErasureConfirmations(ERASURE, 'acme', ['delivery', 'audit']);
    expect(confirmations.missing).toEqual(['delivery', 'audit']);
    expect(confirmations.offer(completion('audit')).outcome).toBe('confirmed');
    expect(confirmations.describe('audit')).toBe('audit confirmed (1/2): draft_texts 3');
    expect(confirmations.offer(completion('audit')).outcome).toBe('repeated');
    expect(confirmations.offer(completion('delivery', { tenant: 'globex' })).outcome).toBe('other');
    expect(confirmations.offer(completion('delivery', { erasure_id: '00000000-0000-4000-8000-000000000000' })).outcome).toBe('other');
    expect(confirmations.offer(completion('gateway')).outcome).toBe('other');
    expect(confirmations.offer(completion('delivery', { erased: [{ store: 'contacts', count: 'a@b.io' }] })).outcome).toBe('other');
    expect(confirmations.offer('not an event').outcome).toBe('other');
    expect(confirmations.complete).toBe(false);
    expect(confirmations.missing).toEqual(['delivery']);
    expect(
      confirmations.offer(
        completion('delivery', {
          erased: [
            { store: 'contacts.first_name', count: 1 },
            { store: 'call_tasks.talking_points', count: 0 },
          ],
        }),
      ).outcome,
    ).toBe('confirmed');
    expect(confirmations.describe('delivery')).toBe('delivery confirmed (2/2): contacts.first_name 1, call_tasks.talking_points 0');
    expect(confirmations.complete).toBe(true);
  });
});

describe('erasureRequestOf', () => {
  it('takes a lead, a tenant and a timeout in seconds (60 by default)', () => {
    expect(erasureRequestOf({ lead: 'LD-9', tenant: 'acme' })).toEqual({ leadId: 'LD-9', tenant: 'acme', timeoutMs: 60_000 });
    expect(erasureRequestOf({ lead: 'LD-9', tenant: 'acme', 'timeout-seconds': '5' }).timeoutMs).toBe(5_000);
  });

  it('refuses a missing or malformed lead, tenant or timeout', () => {
    expect(() => erasureRequestOf({ tenant: 'acme' })).toThrow('--lead <id> is required');
    expect(() => erasureRequestOf({ lead: true, tenant: 'acme' })).toThrow('--lead <id> is required');
    expect(() => erasureRequestOf({ lead: 'LD 9', tenant: 'acme' })).toThrow('--lead');
    expect(() => erasureRequestOf({ lead: 'LD-9' })).toThrow('--tenant <id> is required');
    expect(() => erasureRequestOf({ lead: 'LD-9', tenant: 'Acme!' })).toThrow('--tenant');
    expect(() => erasureRequestOf({ lead: 'LD-9', tenant: 'acme', 'timeout-seconds': '0' })).toThrow('--timeout-seconds');
    expect(() => erasureRequestOf({ lead: 'LD-9', tenant: 'acme', 'timeout-seconds': '2.5' })).toThrow('--timeout-seconds');
  });
});
