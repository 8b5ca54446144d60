import { leadCountryOf, leadStandingOf } from './lead-fields';

const contacts = (phone?: string) => ({ email: 'ana@example.com', phone });

describe('leadCountryOf', () => {
  it("is the record's country, upper case, whatever the phone number's", () => {
    expect(leadCountryOf({ country: 'br', contacts: contacts('+14155550177') })).toBe('BR');
  });

  it("is the phone number's country without one in the record", () => {
    expect(leadCountryOf({ contacts: contacts('+5511912345678') })).toBe('BR');
    expect(leadCountryOf({ contacts: contacts('+33142685300') })).toBe('FR');
  });

  it("gives way to the phone number's for a code without a numbering plan of its own (Antarctica)", () => {
    expect(leadCountryOf({ country: 'AQ', contacts: contacts('+33142685300') })).toBe('FR');
    expect(leadCountryOf({ country: 'AQ', contacts: contacts() })).toBeUndefined();
  });

  it('is unknown with neither', () => {
    expect(leadCountryOf({ contacts: contacts() })).toBeUndefined();
  });
});

describe('leadStandingOf', () => {
  const consent = { sms: true, email: false, phone_call: true };

  it("carries the phone number's country beside the record's where they differ, and only then", () => {
    expect(leadStandingOf({ owner_rep_id: 'rep-1', country: 'US', contacts: contacts('+5511912345678'), consent })).toEqual({
      account_tier: undefined,
      owner_rep_id: 'rep-1',
      country: 'US',
      phone_country: 'BR',
      consent,
    });
    expect(leadStandingOf({ owner_rep_id: 'rep-1', contacts: contacts('+5511912345678'), consent })).toEqual({
      account_tier: undefined,
      owner_rep_id: 'rep-1',
      country: 'BR',
      consent,
    });
  });
});
