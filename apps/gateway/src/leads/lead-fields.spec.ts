import { leadStandingOf } from './lead-fields';

const contacts = (phone?: string) => ({ email: 'ana@example.com', phone });

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
