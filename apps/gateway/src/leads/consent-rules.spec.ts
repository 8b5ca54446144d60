import { consentedChannelsWithoutContact } from './consent-rules';

describe('consentedChannelsWithoutContact', () => {
  it('lists consented channels that have no contact detail', () => {
    expect(consentedChannelsWithoutContact({ sms: true, email: true, phone_call: false }, { email: 'a@b.co' })).toEqual(['sms']);
    expect(consentedChannelsWithoutContact({ sms: true, email: false, phone_call: true }, { phone: '+14155550123' })).toEqual([]);
  });
});
