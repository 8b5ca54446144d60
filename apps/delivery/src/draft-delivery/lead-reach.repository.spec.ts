import { heldUntil } from './lead-reach.repository';

describe('heldUntil (whether the latest claim on a lead holds a send under the frequency cap)', () => {
  const claim = {
    tenant: 'acme',
    lead_id: 'LD-1',
    recommendation_id: 'rec-2',
    now: new Date('2026-06-10T14:00:00.000Z'),
    capMs: 48 * 3_600_000,
  };
  const claimedAt = new Date('2026-06-10T13:00:00.000Z');

  it("holds it until the cap has passed from another recommendation's claim", () => {
    expect(heldUntil({ recommendation_id: 'rec-1', claimed_at: claimedAt, released: false }, claim)).toEqual(
      new Date('2026-06-12T13:00:00.000Z'),
    );
  });

  it('lets it go with no claim, past the cap, after a release, or when the claim is its own', () => {
    expect(heldUntil(null, claim)).toBeUndefined();
    expect(
      heldUntil({ recommendation_id: 'rec-1', claimed_at: new Date('2026-06-08T13:59:59.000Z'), released: false }, claim),
    ).toBeUndefined();
    expect(heldUntil({ recommendation_id: 'rec-1', claimed_at: claimedAt, released: true }, claim)).toBeUndefined();
    expect(heldUntil({ recommendation_id: 'rec-2', claimed_at: claimedAt, released: false }, claim)).toBeUndefined();
  });
});
