import { leadCountries } from './lead-country';

describe('leadCountries', () => {
  it("is the record's country, upper case, whatever the phone number's; the number's country beside it", () => {
    expect(leadCountries({ country: 'br', phone: '+14155550177' })).toEqual({ country: 'BR', phoneCountry: 'US' });
  });

  it("is the phone number's country without one in the record", () => {
    expect(leadCountries({ phone: '+5511912345678' })).toEqual({ country: 'BR', phoneCountry: 'BR' });
    expect(leadCountries({ phone: '+33142685300' })).toEqual({ country: 'FR', phoneCountry: 'FR' });
  });

  it("gives way to the phone number's for a code without a numbering plan of its own (Antarctica)", () => {
    expect(leadCountries({ country: 'AQ', phone: '+33142685300' })).toEqual({ country: 'FR', phoneCountry: 'FR' });
    expect(leadCountries({ country: 'AQ' })).toEqual({ country: undefined, phoneCountry: undefined });
  });

  it("takes the dialled country as given where the number is not at hand, and the number's over it where it is", () => {
    expect(leadCountries({ country: 'US', phoneCountry: 'br' })).toEqual({ country: 'US', phoneCountry: 'BR' });
    expect(leadCountries({ phone: '+33142685300', phoneCountry: 'BR' })).toEqual({ country: 'FR', phoneCountry: 'FR' });
  });

  it('is unknown with neither, or with a phone number that is none', () => {
    expect(leadCountries({})).toEqual({ country: undefined, phoneCountry: undefined });
    expect(leadCountries({ phone: 'not a number' })).toEqual({ country: undefined, phoneCountry: undefined });
  });
});
