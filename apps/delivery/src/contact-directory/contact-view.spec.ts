import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErasureRequestedEvent, EventEnvelope, LeadUpsertedEvent } from '@followup/contracts';
import { VIEW_MAX_SILENCE_MS } from '@followup/messaging';
import { ContactRecord } from './contact.schema';
import { ContactRepository } from './contact.repository';
import { ContactIndex, erasedContact } from './contact-index';
import { ContactView } from './contact-view';

/** The view's protected hooks, as EventFedView calls them. */
type Hooks = { load(): Promise<ContactIndex>; apply(state: ContactIndex, event: EventEnvelope<object>): void };

const logger = { setContext: () => undefined, info: () => undefined, warn: () => undefined } as unknown as PinoLogger;
const sarah: ContactRecord = {
  tenant: 'acme',
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-17',
  time_zone: null,
  country: 'US',
  contacts: { email: 'sarah@example.com', phone: '+14155550123' },
  consent: { sms: true, email: true, phone_call: false },
  version: 2,
};
const repository = { all: async () => [sarah], findOne: jest.fn(async () => sarah) } as unknown as ContactRepository;
const view = new ContactView({ KAFKA_TOPIC_PREFIX: '' } as Environment, repository, logger);
const hooks = view as unknown as Hooks;

const upserted = (lead_id: string, email: string, version: number) =>
  Object.assign(new LeadUpsertedEvent(), {
    tenant: 'acme',
    payload: { lead_id, first_name: 'Sarah', owner_rep_id: 'rep-17', country: 'US', contacts: { email }, consent: sarah.consent, version },
  });

it('asks the collection while it is not live', async () => {
  expect(await view.findOne('acme', 'LD-1')).toEqual(sarah);
  expect(repository.findOne).toHaveBeenCalledWith('acme', 'LD-1');
});

it('loads the stored entries and applies a newer lead version, not an older one', async () => {
  const index = await hooks.load();
  expect(index.find('acme', 'LD-1')).toEqual(sarah);
  hooks.apply(index, upserted('LD-1', 'old@example.com', 1));
  expect(index.find('acme', 'LD-1')?.contacts).toEqual({ email: 'sarah@example.com', phone: '+14155550123' });
  hooks.apply(index, upserted('LD-1', 'new@example.com', 3));
  expect(index.find('acme', 'LD-1')?.contacts).toEqual({ email: 'new@example.com' });
});

it('erases the lead on an erasure request', async () => {
  const index = await hooks.load();
  hooks.apply(index, Object.assign(new ErasureRequestedEvent(), { tenant: 'acme', payload: { lead_id: 'LD-1' } }));
  expect(index.find('acme', 'LD-1')).toEqual(erasedContact(sarah));
});

it('answers from memory while its consumer fetches, and asks the collection once it has not fetched for VIEW_MAX_SILENCE_MS', async () => {
  // live on a loaded state, as EventFedView leaves it; the durable group meanwhile stored a consent withdrawal
  const internals = view as unknown as { live: boolean; state: ContactIndex; lastFetchAt: number };
  Object.assign(internals, { live: true, state: await hooks.load(), lastFetchAt: Date.now() });
  const withdrawn = { ...sarah, consent: { sms: false, email: false, phone_call: false }, version: 3 };
  jest.mocked(repository.findOne).mockClear().mockResolvedValue(withdrawn);

  expect(await view.findOne('acme', 'LD-1')).toEqual(sarah);
  expect(repository.findOne).not.toHaveBeenCalled();

  internals.lastFetchAt = Date.now() - VIEW_MAX_SILENCE_MS - 1;
  expect(await view.findOne('acme', 'LD-1')).toEqual(withdrawn);
  expect(repository.findOne).toHaveBeenCalledWith('acme', 'LD-1');
});
