import { leadCountryOf } from './lead-fields';

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
