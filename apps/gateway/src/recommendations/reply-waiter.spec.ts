import { VersionedRecommendation } from './recommendation-versions';
import { HeldRequest, ReplyWaiter, recordLookIntervalMs } from './reply-waiter';

const completed = { status: 'completed' as const, confidence: 'normal' as const, result: {} as never };
const stored = { recommendation_id: 'r-1', tenant: 'acme', status: 'pending', attempt: 1, version: 0 } as VersionedRecommendation;

describe('ReplyWaiter', () => {
  it('hands a delivered outcome to the waiting request, and the stored record while it waits', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-1', 'req-1', { stored }, 5_000);
    expect(waiter.storedFor('r-1')).toBe(stored);
    waiter.deliver('r-1', completed);
    await expect(pending.outcome).resolves.toBe(completed);
    expect(waiter.waitingCount).toBe(0);
    expect(waiter.storedFor('r-1')).toBeUndefined();
  });

  it('resolves undefined on timeout and ignores a late outcome', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-2', 'req-2', { stored }, 10);
    await expect(pending.outcome).resolves.toBeUndefined();
    expect(() => waiter.deliver('r-2', completed)).not.toThrow();
  });

  it('releases waiting requests on shutdown', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-3', 'req-3', { stored }, 5_000);
    waiter.onApplicationShutdown();
    await expect(pending.outcome).resolves.toBeUndefined();
  });

  it('knows which request ids it waits for, counting a reused id once per waiting request', async () => {
    const waiter = new ReplyWaiter();
    waiter.expect('r-4', 'shared-id', { stored }, 5_000);
    waiter.expect('r-5', 'shared-id', { stored }, 5_000);
    expect(waiter.awaitsRequest('shared-id')).toBe(true);
    expect(waiter.awaitsRequest('other-id')).toBe(false);
    waiter.deliver('r-4', completed);
    expect(waiter.awaitsRequest('shared-id')).toBe(true);
    waiter.deliver('r-5', completed);
    expect(waiter.awaitsRequest('shared-id')).toBe(false);
  });

  it('holds a request published before it was stored until it is marked stored, and then its record', () => {
    const waiter = new ReplyWaiter();
    const held: HeldRequest = {
      request: { recommendation_id: 'r-6', tenant: 'acme', lead_id: 'LD-1', request_id: 'req-6', requested_by: 'rep-1' },
      json: '{"event_id":"e-6"}',
    };
    waiter.expect('r-6', 'req-6', { held }, 5_000);
    expect([waiter.heldFor('r-6'), waiter.storedFor('r-6')]).toEqual([held, undefined]);
    waiter.markStored('r-6', stored);
    expect([waiter.heldFor('r-6'), waiter.storedFor('r-6')]).toEqual([undefined, stored]);
    waiter.deliver('r-6', completed);
    expect(() => waiter.markStored('r-6', stored)).not.toThrow();
    expect(waiter.storedFor('r-6')).toBeUndefined();
  });

  it('stores an unanswered request after half the outbox relay interval', () => {
    expect(recordLookIntervalMs({ OUTBOX_RELAY_INTERVAL_MS: 5_000 })).toBe(2_500);
  });
});
