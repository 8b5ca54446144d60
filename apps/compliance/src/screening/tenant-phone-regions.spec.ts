import { validateEnvironment } from '@followup/config';
import { DEFAULT_PHONE_REGIONS } from '@followup/pii';

describe("PII_DEFAULT_REGIONS: the tenant's phone regions screening reads drafts in", () => {
  it('defaults to the detector’s own default regions', () => {
    expect(validateEnvironment({}).PII_DEFAULT_REGIONS).toEqual(['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'PT', 'IN', 'CA']);
    expect(DEFAULT_PHONE_REGIONS).toEqual(['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'PT', 'IN', 'CA']);
  });

  it('reads a comma-separated list of ISO 3166-1 alpha-2 codes, any case and spacing', () => {
    expect(validateEnvironment({ PII_DEFAULT_REGIONS: 'gb, IE ,au' }).PII_DEFAULT_REGIONS).toEqual(['GB', 'IE', 'AU']);
  });

  it('refuses a code that is not a country (UK is GB)', () => {
    expect(() => validateEnvironment({ PII_DEFAULT_REGIONS: 'GB,UK' })).toThrow(/PII_DEFAULT_REGIONS/);
    expect(() => validateEnvironment({ PII_DEFAULT_REGIONS: 'GB,,FR' })).toThrow(/PII_DEFAULT_REGIONS/);
  });
});
