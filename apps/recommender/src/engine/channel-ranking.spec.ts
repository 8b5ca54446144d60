import { channelHistoryOf, empiricalPriorStrength, NO_HISTORY, rankChannels } from './channel-ranking';

const leads = (count: number, replies: number, attempts: number) => Array.from({ length: count }, () => ({ replies, attempts }));

describe('empiricalPriorStrength', () => {
  it('solves the method of moments for how many observations the tier rate is worth', () => {
    // 30 leads with 2 attempts each: 10 replied twice, 10 once, 10 never. Pooled rate p = 30/60 = 0.5;
    // S = 10·2·0.25 + 0 + 10·2·0.25 = 10; S / p(1−p) = 40; minus (k − 1) = 29 leaves 11;
    // N − k − Σn²/N + 1 = 60 − 30 − 2 + 1 = 29; ρ = 11/29; strength = 1/ρ − 1 = 18/11 ≈ 1.636
    expect(empiricalPriorStrength([...leads(10, 2, 2), ...leads(10, 1, 2), ...leads(10, 0, 2)])).toBeCloseTo(1.636, 3);
  });

  it('trusts the tier rate as far as its bounds allow when the leads differ no more than chance', () => {
    // every lead replied once in two: S = 0, so ρ is negative: no lead-to-lead spread at all
    expect(empiricalPriorStrength(leads(30, 1, 2))).toBe(200);
    // two camps that always or never reply: ρ = 31/29 > 1, the weakest prior allowed
    expect(empiricalPriorStrength([...leads(15, 2, 2), ...leads(15, 0, 2)])).toBe(0.5);
  });

  it('learns nothing from fewer than 30 leads tried on the channel, or from a rate of 0', () => {
    expect(empiricalPriorStrength([...leads(10, 2, 2), ...leads(19, 0, 2), { replies: 0, attempts: 0 }])).toBeUndefined();
    expect(empiricalPriorStrength(leads(40, 0, 3))).toBeUndefined();
  });
});

describe('channelHistoryOf', () => {
  it("sums each channel's replies and attempts over the tier's leads", () => {
    expect(
      channelHistoryOf([
        { lead_id: 'a', channel: 'sms', replied: true },
        { lead_id: 'a', channel: 'sms', replied: false },
        { lead_id: 'b', channel: 'email', replied: false },
      ]),
    ).toEqual({ sms: { responses: 1, attempts: 2 }, email: { responses: 0, attempts: 1 }, phone_call: { responses: 0, attempts: 0 } });
  });

  it('records the learned strength where 30 leads were tried', () => {
    const outcomes = [
      ...Array.from({ length: 10 }, (_, i) => [true, true].map((replied) => ({ lead_id: `x${i}`, channel: 'email' as const, replied }))),
      ...Array.from({ length: 10 }, (_, i) => [true, false].map((replied) => ({ lead_id: `y${i}`, channel: 'email' as const, replied }))),
      ...Array.from({ length: 10 }, (_, i) => [false, false].map((replied) => ({ lead_id: `z${i}`, channel: 'email' as const, replied }))),
    ].flat();
    expect(channelHistoryOf(outcomes).email).toEqual({ responses: 30, attempts: 60, strength: 1.636 });
  });
});

describe('rankChannels with a learned strength', () => {
  it("weighs the tier rate by the channel's learned strength, else by the configured one", () => {
    const tier = { ...NO_HISTORY, email: { responses: 30, attempts: 97, strength: 10 } };
    const history = [
      { type: 'email' as const, outcome: 'replied' as const },
      { type: 'email' as const, outcome: 'replied' as const },
    ];
    // email: tier rate (1 + 30)/(3 + 97) = 0.31 worth 10, then 2 replies in 2: (3.1 + 2)/12 = 0.425;
    // sms and phone_call: no tier data, 1/3 worth the configured 4, no attempts: 0.333
    expect(rankChannels(history, { sms: true, email: true, phone_call: true }, tier, 4)).toEqual([
      { channel: 'email', response_probability: 0.425, consented: true },
      { channel: 'sms', response_probability: 0.333, consented: true },
      { channel: 'phone_call', response_probability: 0.333, consented: true },
    ]);
  });
});
