import { normaliseAddress } from './suppression-address';

describe('normaliseAddress', () => {
  it('writes phone numbers in E.164', () => {
    expect(normaliseAddress('sms', ' +1 (415) 555-0123 ')).toBe('+14155550123');
    expect(normaliseAddress('sms', '+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses a phone number without its country code, or not a phone number at all', () => {
    expect(normaliseAddress('sms', '(415) 555-0123')).toBeUndefined();
    expect(normaliseAddress('sms', 'STOP')).toBeUndefined();
  });

  it('keeps in E.164 a number the gateway takes for a lead that libphonenumber does not know as valid', () => {
    expect(normaliseAddress('sms', '+15555550100')).toBe('+15555550100');
    expect(normaliseAddress('sms', '+1 555 555-0100')).toBe('+15555550100');
  });

  it('takes an email address the gateway takes for a lead, quoted local part included', () => {
    expect(normaliseAddress('email', '"John Doe"@Example.com')).toBe('"john doe"@example.com');
  });

  it('lower-cases email addresses and refuses what is not one', () => {
    expect(normaliseAddress('email', '  Sarah.Lee@Example.COM ')).toBe('sarah.lee@example.com');
    expect(normaliseAddress('email', 'sarah.lee')).toBeUndefined();
    expect(normaliseAddress('email', 'a b@example.com')).toBeUndefined();
  });
});
