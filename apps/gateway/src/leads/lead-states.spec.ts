import type { LeadUpsertedPayload } from '@followup/contracts';
import { LeadStates } from './lead-states';
import type { Lead } from './lead.repository';

const CREATED = new Date('2026-12-01T09:00:00Z');

function lead(version: number, owner = 'rep-17'): Lead {
  return {
    tenant: 'acme',
    lead_id: 'LD-1',
    first_name: 'Jordan',
    owner_rep_id: owner,
    contacts: { email: 'jordan@example.com' },
    consent: { sms: false, email: true, phone_call: false },
    version,
    created_at: CREATED,
    updated_at: new Date(CREATED.getTime() + version * 60_000),
  };
}

function announced(version: number, owner: string): LeadUpsertedPayload {
  return {
    lead_id: 'LD-1',
    first_name: 'Jordan',
    owner_rep_id: owner,
    contacts: { email: 'jordan@example.com' },
    consent: { sms: true, email: true, phone_call: false },
    version,
    updated_at: '2026-12-02T10:00:00.000Z',
  };
}

describe('LeadStates', () => {
  it('holds each lead at the highest version seen, per tenant', () => {
    const states = new LeadStates();
    states.upsert(lead(2, 'rep-2'));
    states.upsert(lead(1, 'rep-1'));
    states.upsert(lead(2, 'rep-other'));
    expect(states.find('acme', 'LD-1')).toMatchObject({ version: 2, owner_rep_id: 'rep-2' });
    expect(states.find('globex', 'LD-1')).toBeUndefined();
    expect(states.find('acme', 'LD-2')).toBeUndefined();
  });

  it('takes an announced version with the creation time of the version held', () => {
    const states = new LeadStates();
    states.upsert(lead(1));
    states.upsertAnnounced('acme', announced(2, 'rep-9'));
    expect(states.find('acme', 'LD-1')).toEqual({
      tenant: 'acme',
      lead_id: 'LD-1',
      first_name: 'Jordan',
      last_name: undefined,
      account_tier: undefined,
      owner_rep_id: 'rep-9',
      time_zone: undefined,
      country: undefined,
      contacts: { email: 'jordan@example.com', phone: undefined },
      consent: { sms: true, email: true, phone_call: false },
      version: 2,
      created_at: CREATED,
      updated_at: new Date('2026-12-02T10:00:00.000Z'),
    });
  });

  it('takes a first version as created when it was updated, and leaves a later version of a lead not held to the database', () => {
    const states = new LeadStates();
    states.upsertAnnounced('acme', announced(3, 'rep-9'));
    expect(states.find('acme', 'LD-1')).toBeUndefined();
    states.upsertAnnounced('acme', announced(1, 'rep-9'));
    expect(states.find('acme', 'LD-1')).toMatchObject({ version: 1, created_at: new Date('2026-12-02T10:00:00.000Z') });
  });

  it('holds no version of an erased lead from then on, however late it comes', () => {
    const states = new LeadStates();
    states.upsert(lead(1));
    states.erase('acme', 'LD-1');
    expect(states.find('acme', 'LD-1')).toBeUndefined();
    states.upsert(lead(1));
    states.upsertAnnounced('acme', announced(2, 'rep-9'));
    expect(states.find('acme', 'LD-1')).toBeUndefined();
    // an erasure of a lead never held: its versions still on their way are not held either
    states.erase('acme', 'LD-7');
    states.upsertAnnounced('acme', { ...announced(1, 'rep-9'), lead_id: 'LD-7' });
    expect(states.find('acme', 'LD-7')).toBeUndefined();
  });
});
