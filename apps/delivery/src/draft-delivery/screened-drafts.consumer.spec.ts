import { plainlyNotForDelivery } from './screened-drafts.consumer';

describe('plainlyNotForDelivery', () => {
  const screening = (payload: unknown) => ({ event_type: 'draft.screened', payload });

  it("skips a generated draft's screening and a blocked pre-delivery one", () => {
    expect(plainlyNotForDelivery(screening({ stage: 'generated', verdict: 'clear' }))).toBe(true);
    expect(plainlyNotForDelivery(screening({ stage: 'generated', verdict: 'blocked' }))).toBe(true);
    expect(plainlyNotForDelivery(screening({ stage: 'pre_delivery', verdict: 'blocked' }))).toBe(true);
  });

  it('passes a clear pre-delivery verdict on to be checked and delivered', () => {
    expect(plainlyNotForDelivery(screening({ stage: 'pre_delivery', verdict: 'clear' }))).toBe(false);
  });

  it('passes on what does not say its stage and verdict plainly, to be checked and dead-lettered', () => {
    expect(plainlyNotForDelivery(null)).toBe(false);
    expect(plainlyNotForDelivery('draft.screened')).toBe(false);
    expect(plainlyNotForDelivery(screening(null))).toBe(false);
    expect(plainlyNotForDelivery(screening({ stage: 'generated' }))).toBe(false);
    expect(plainlyNotForDelivery(screening({ stage: 7, verdict: 'clear' }))).toBe(false);
    expect(plainlyNotForDelivery(screening({ stage: 'predelivery', verdict: 'clear' }))).toBe(false);
    expect(plainlyNotForDelivery(screening({ stage: 'generated', verdict: 'cleared' }))).toBe(false);
  });
});
