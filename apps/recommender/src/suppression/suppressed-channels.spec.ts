import { withoutSuppressedChannels } from './suppressed-channels';

const ranking = [
  { channel: 'sms' as const, response_probability: 0.6, consented: true },
  { channel: 'email' as const, response_probability: 0.4, consented: true },
  { channel: 'phone_call' as const, response_probability: 0.2, consented: false },
];

describe('withoutSuppressedChannels', () => {
  it('drops the suppressed channels and keeps the order of the rest', () => {
    expect(withoutSuppressedChannels(ranking, ['sms'])).toEqual([
      { channel: 'email', response_probability: 0.4, consented: true },
      { channel: 'phone_call', response_probability: 0.2, consented: false },
    ]);
    expect(withoutSuppressedChannels(ranking, ['sms', 'email']).map((score) => score.channel)).toEqual(['phone_call']);
  });

  it('keeps the ranking as it is when nothing is suppressed', () => {
    expect(withoutSuppressedChannels(ranking, [])).toEqual(ranking);
  });
});
