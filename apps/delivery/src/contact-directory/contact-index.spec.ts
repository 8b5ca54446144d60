import { LeadUpsertedEvent } from '@followup/contracts';
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
  it('blanks the name and removes both addresses, keeping consent, owner, zone and version', () => {
    expect(erasedContact(sarah)).toEqual({
      tenant: 'acme',
      lead_id: 'LD-1',
      first_name: '[erased]',
      owner_rep_id: 'rep-17',
      time_zone: 'America/New_York',
      country: null,
      contacts: {},
      consent: { sms: true, email: true, phone_call: false },
      version: 2,
    });
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

  it('erases an entry in place: an older version redelivered afterwards does not bring the address back, a newer one does', () => {
    const index = new ContactIndex([sarah]);
    index.erase('acme', 'LD-1');
    expect(index.find('acme', 'LD-1')).toEqual(erasedContact(sarah));
    expect(index.applyVersion(sarah)).toBe(false);
    expect(index.find('acme', 'LD-1')?.contacts).toEqual({});
    expect(index.applyVersion({ ...sarah, version: 3 })).toBe(true);
    expect(index.find('acme', 'LD-1')?.contacts.phone).toBe('+14155550123');
  });

  it('erases nothing for a lead it holds no entry of', () => {
    const index = new ContactIndex();
    index.erase('acme', 'LD-1');
    expect(index.find('acme', 'LD-1')).toBeNull();
  });
});
