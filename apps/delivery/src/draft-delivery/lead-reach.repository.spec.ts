import { claimStep, heldUntil } from './lead-reach.repository';

describe('heldUntil (whether the latest claim on a lead holds a send under the frequency cap)', () => {
  const claim = { now: new Date('2026-06-10T14:00:00.000Z'), frequency_cap_hours: 48 };
  const claimedAt = new Date('2026-06-10T13:00:00.000Z');

  it('holds it until the cap has passed from the claim', () => {
    expect(heldUntil({ claimed_at: claimedAt, released: false }, claim)).toEqual(new Date('2026-06-12T13:00:00.000Z'));
  });

  it('lets it go with no claim, past the cap, or after a release (the send reached nobody)', () => {
    expect(heldUntil(null, claim)).toBeUndefined();
    expect(heldUntil({ claimed_at: new Date('2026-06-08T13:59:59.000Z'), released: false }, claim)).toBeUndefined();
    expect(heldUntil({ claimed_at: new Date('2026-06-08T14:00:00.000Z'), released: false }, claim)).toBeUndefined();
    expect(heldUntil({ claimed_at: claimedAt, released: true }, claim)).toBeUndefined();
  });
});

describe("claimStep (what a send does on the lead's latest claim)", () => {
  const claim = {
    tenant: 'acme',
    lead_id: 'LD-1',
    attempt_key: 'rec-2:1',
    now: new Date('2026-06-10T14:00:00.000Z'),
    frequency_cap_hours: 48,
  };
  const claimedAt = new Date('2026-06-10T13:00:00.000Z');

  it("uses this attempt's own claim while it holds, waits for another's from its time, and takes the next number otherwise", () => {
    expect(claimStep({ seq: 4, attempt_key: 'rec-2:1', claimed_at: claimedAt, released: false }, claim)).toEqual({ own: 4 });
    expect(claimStep({ seq: 4, attempt_key: 'rec-1:1', claimed_at: claimedAt, released: false }, claim)).toEqual({ heldSince: claimedAt });
    expect(claimStep({ seq: 4, attempt_key: 'rec-2:1', claimed_at: claimedAt, released: true }, claim)).toEqual({ next: 5 });
    expect(claimStep({ seq: 4, attempt_key: 'rec-1:1', claimed_at: claimedAt, released: true }, claim)).toEqual({ next: 5 });
    expect(claimStep(null, claim)).toEqual({ next: 1 });
  });

  it('takes the next number over its own claim past the cap, as any send would (the claim holds nobody any more)', () => {
    const expired = new Date('2026-06-07T13:00:00.000Z');
    expect(claimStep({ seq: 4, attempt_key: 'rec-2:1', claimed_at: expired, released: false }, claim)).toEqual({ next: 5 });
  });
});
