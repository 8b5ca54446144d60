import { withStanding } from './recommendation.events';

const snapshot = {
  lead_id: 'LD-1',
  first_name: 'Ana',
  account_tier: 'smb' as const,
  owner_rep_id: 'rep-17',
  country: 'US',
  phone_country: 'BR',
  consent: { sms: true, email: true, phone_call: true },
};

describe('withStanding', () => {
  it("replaces the standing whole, keeping the lead's id and name: a field the lead no longer has does not stay", () => {
    expect(
      withStanding(snapshot, { owner_rep_id: 'rep-18', country: 'BR', consent: { sms: false, email: true, phone_call: true } }),
    ).toEqual({
      lead_id: 'LD-1',
      first_name: 'Ana',
      owner_rep_id: 'rep-18',
      country: 'BR',
      consent: { sms: false, email: true, phone_call: true },
    });
  });

  it('is the snapshot as it was without a standing', () => {
    expect(withStanding(snapshot, undefined)).toBe(snapshot);
  });
});
