import { heldUntil } from './lead-reach.repository';

describe('heldUntil (whether the latest claim on a lead holds a send under the frequency cap)', () => {
  const claim = { now: new Date('2026-06-10T14:00:00.000Z'), capMs: 48 * 3_600_000 };
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
