import { digestKeyOwnerOf, DigestKeys, newDigestKey } from './text-digest-keys';

describe('digestKeyOwnerOf', () => {
  it('is the lead a record names, else its recommendation, else its tenant', () => {
    expect(digestKeyOwnerOf({ tenant: 'acme', lead_id: 'LD-9', recommendation_id: 'r-1' })).toEqual({ tenant: 'acme', owner: 'lead:LD-9' });
    expect(digestKeyOwnerOf({ tenant: 'acme', recommendation_id: 'r-1' })).toEqual({ tenant: 'acme', owner: 'recommendation:r-1' });
    expect(digestKeyOwnerOf({ tenant: 'unattributed' })).toEqual({ tenant: 'unattributed', owner: 'tenant' });
  });
});

describe('newDigestKey', () => {
  it('is 32 random bytes', () => {
    const [one, other] = [newDigestKey(), newDigestKey()];
    expect([one.length, other.length]).toEqual([32, 32]);
    expect(one.equals(other)).toBe(false);
  });
});

describe('DigestKeys', () => {
  it("answers each owner's key, per tenant, and refuses an owner whose key was not looked up", () => {
    const keys = new DigestKeys();
    const acme = Buffer.alloc(32, 1);
    keys.set({ tenant: 'acme', owner: 'lead:LD-9' }, acme);
    expect(keys.of({ tenant: 'acme', owner: 'lead:LD-9' })).toBe(acme);
    expect(() => keys.of({ tenant: 'globex', owner: 'lead:LD-9' })).toThrow('no digest key was looked up for globex lead:LD-9');
  });
});
