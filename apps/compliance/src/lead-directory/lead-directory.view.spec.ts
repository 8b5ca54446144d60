import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ERASED_TEXT, ERASED_VERSION, ErasureRequestedEvent, EventEnvelope, LeadUpsertedEvent } from '@followup/contracts';
import { VIEW_MAX_SILENCE_MS } from '@followup/messaging';
import { DirectoryEntryRecord } from './directory-entry.schema';
import { directoryEntryOf, LeadDirectoryIndex } from './lead-directory-index';
import { LeadDirectoryRepository } from './lead-directory.repository';
import { LeadDirectoryView } from './lead-directory.view';

type Tenants = Map<string, LeadDirectoryIndex>;
/** The view's protected hooks, as EventFedView calls them. */
type Hooks = { load(): Promise<Tenants>; apply(state: Tenants, event: EventEnvelope<object>): void };

const logger = { setContext: () => undefined, info: () => undefined, warn: () => undefined } as unknown as PinoLogger;
const none = { words: [], emails: [], phones: [] };
const stored: DirectoryEntryRecord[] = [
  directoryEntryOf('acme', { lead_id: 'LD-1', first_name: 'Ada', last_name: 'Byron', contacts: {}, version: 2 }),
  // as ComplianceErasureRepository leaves an erased entry: names blanked, contacts gone, at ERASED_VERSION
  { tenant: 'acme', lead_id: 'LD-2', first_name: ERASED_TEXT, first_name_lc: ERASED_TEXT, version: ERASED_VERSION },
];
const repository = {
  everyEntry: async function* () {
    yield* stored;
  },
  findRecipientAndOthers: jest.fn(async () => ({ others: [] })),
} as unknown as LeadDirectoryRepository;
const view = new LeadDirectoryView(repository, { KAFKA_TOPIC_PREFIX: '' } as Environment, logger);
const hooks = view as unknown as Hooks;

const upserted = (lead_id: string, first_name: string, version: number) =>
  Object.assign(new LeadUpsertedEvent(), { tenant: 'acme', payload: { lead_id, first_name, contacts: {}, version } });
const erased = (lead_id: string) => Object.assign(new ErasureRequestedEvent(), { tenant: 'acme', payload: { lead_id } });

it('asks the collection while it is not live', async () => {
  await view.findRecipientAndOthers('acme', 'LD-1', none);
  expect(repository.findRecipientAndOthers).toHaveBeenCalledWith('acme', 'LD-1', none);
});

it('loads the stored entries, an erased one as erased for good', async () => {
  const tenants = await hooks.load();
  expect(tenants.get('acme')!.find('LD-1', none).recipient).toEqual({ lead_id: 'LD-1', first_name: 'Ada', last_name: 'Byron' });
  expect(tenants.get('acme')!.find('LD-2', none).recipient).toBeUndefined();
  hooks.apply(tenants, upserted('LD-2', 'Grace', 6));
  expect(tenants.get('acme')!.find('LD-2', none).recipient).toBeUndefined();
});

it('applies an upsert to its tenant, and an erasure', async () => {
  const tenants = await hooks.load();
  hooks.apply(tenants, upserted('LD-3', 'Grace', 1));
  expect(tenants.get('acme')!.findOthers('LD-1', { ...none, words: ['grace'] })).toEqual([{ lead_id: 'LD-3', first_name: 'Grace' }]);
  hooks.apply(tenants, erased('LD-3'));
  expect(tenants.get('acme')!.findOthers('LD-1', { ...none, words: ['grace'] })).toEqual([]);
  // erased in a tenant the view held no lead of, before its first version arrives
  hooks.apply(tenants, Object.assign(erased('LD-8'), { tenant: 'initech' }));
  hooks.apply(tenants, Object.assign(upserted('LD-8', 'Ines', 1), { tenant: 'initech' }));
  expect(tenants.get('initech')!.find('LD-8', none).recipient).toBeUndefined();
  hooks.apply(tenants, Object.assign(upserted('LD-4', 'Omar', 1), { tenant: 'globex' }));
  expect(tenants.get('globex')!.find('LD-4', none).recipient).toEqual({ lead_id: 'LD-4', first_name: 'Omar' });
});

it('answers from memory while its consumer fetches, and asks the collection once it has not fetched for VIEW_MAX_SILENCE_MS', async () => {
  // live on a loaded state, as EventFedView leaves it; the durable group meanwhile stored a new lead, Grace
  const internals = view as unknown as { live: boolean; state: Tenants; lastFetchAt: number };
  Object.assign(internals, { live: true, state: await hooks.load(), lastFetchAt: Date.now() });
  const grace = { lead_id: 'LD-3', first_name: 'Grace' };
  jest.mocked(repository.findRecipientAndOthers).mockClear().mockResolvedValue({ others: [grace] });
  const words = { ...none, words: ['grace'] };

  expect(await view.findRecipientAndOthers('acme', 'LD-1', words)).toEqual({
    recipient: { lead_id: 'LD-1', first_name: 'Ada', last_name: 'Byron' },
    others: [],
  });
  expect(repository.findRecipientAndOthers).not.toHaveBeenCalled();

  internals.lastFetchAt = Date.now() - VIEW_MAX_SILENCE_MS - 1;
  expect(await view.findRecipientAndOthers('acme', 'LD-1', words)).toEqual({ others: [grace] });
  expect(repository.findRecipientAndOthers).toHaveBeenCalledWith('acme', 'LD-1', words);
});
