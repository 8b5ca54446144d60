import { ERASED_VERSION, LeadUpsertedEvent } from '@followup/contracts';
import { ContactRecord } from './contact.schema';
import { ContactIndex, contactOf, erasedContact } from './contact-index';

const sarah: ContactRecord = {
  tenant: 'acme',
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-17',
  time_zone: 'America/New_York',
  country: null,
  contacts: { email: 'sarah@example.com', phone: '+14155550123' },
  consent: { sms: true, email: true, phone_call: false },
  version: 2,
};

/** Sarah's entry as an erasure leaves it: no name, no address, held at ERASED_VERSION. */
const erasedSarah: ContactRecord = {
  tenant: 'acme',
  lead_id: 'LD-1',
  first_name: '[erased]',
  owner_rep_id: 'rep-17',
  time_zone: 'America/New_York',
  country: null,
  contacts: {},
  consent: { sms: true, email: true, phone_call: false },
  version: ERASED_VERSION,
};

describe('contactOf', () => {
  it('takes the entry from the lead version, a missing zone or country as null', () => {
    const event = {
      tenant: 'acme',
      payload: {
        lead_id: 'LD-1',
        first_name: 'Sarah',
        owner_rep_id: 'rep-17',
        time_zone: 'America/New_York',
        contacts: { email: 'sarah@example.com', phone: '+14155550123' },
        consent: { sms: true, email: true, phone_call: false },
        version: 2,
        company: 'not kept',
      },
    } as unknown as LeadUpsertedEvent;
    expect(contactOf(event)).toEqual(sarah);
  });
});

describe('erasedContact', () => {
  it('blanks the name, removes both addresses and holds the entry at ERASED_VERSION, keeping consent, owner and zone', () => {
    expect(erasedContact(sarah)).toEqual(erasedSarah);
    expect(sarah.contacts).toEqual({ email: 'sarah@example.com', phone: '+14155550123' });
  });
});

describe('ContactIndex', () => {
  it('finds an entry by tenant and lead, and nothing under another tenant', () => {
    const index = new ContactIndex([sarah]);
    expect(index.find('acme', 'LD-1')).toEqual(sarah);
    expect(index.find('globex', 'LD-1')).toBeNull();
    expect(index.find('acme', 'LD-2')).toBeNull();
  });

  it('takes only a newer version of a lead: the same or an older one changes nothing', () => {
    const index = new ContactIndex([sarah]);
    expect(index.applyVersion({ ...sarah, first_name: 'Old', version: 1 })).toBe(false);
    expect(index.applyVersion({ ...sarah, first_name: 'Same', version: 2 })).toBe(false);
    expect(index.find('acme', 'LD-1')?.first_name).toBe('Sarah');
    expect(index.applyVersion({ ...sarah, contacts: { email: 'new@example.com' }, version: 3 })).toBe(true);
    expect(index.find('acme', 'LD-1')?.contacts).toEqual({ email: 'new@example.com' });
    expect(index.applyVersion({ ...sarah, tenant: 'globex', version: 1 })).toBe(true);
    expect(index.find('globex', 'LD-1')?.version).toBe(1);
  });

  it('erases an entry in place: no version of the lead afterwards, older or newer, brings the address back', () => {
    const index = new ContactIndex([sarah]);
    index.erase('acme', 'LD-1');
    expect(index.applyVersion(sarah)).toBe(false);
    expect(index.applyVersion({ ...sarah, version: 3 })).toBe(false);
    expect(index.find('acme', 'LD-1')).toEqual(erasedSarah);
  });

  it('holds a tombstone for a lead it held no entry of, which no version of the lead replaces', () => {
    const index = new ContactIndex();
    index.erase('acme', 'LD-1');
    expect(index.applyVersion(sarah)).toBe(false);
    expect(index.find('acme', 'LD-1')).toEqual({
      tenant: 'acme',
      lead_id: 'LD-1',
      first_name: '[erased]',
      owner_rep_id: '[erased]',
      time_zone: null,
      country: null,
      contacts: {},
      consent: { sms: false, email: false, phone_call: false },
      version: ERASED_VERSION,
    });
  });
});
