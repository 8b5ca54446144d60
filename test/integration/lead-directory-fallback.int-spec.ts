import { DirectoryEntryRecord, DirectoryEntrySchema } from '../../apps/compliance/src/lead-directory/directory-entry.schema';
import { directoryEntryOf } from '../../apps/compliance/src/lead-directory/lead-directory-index';
import { LeadDirectoryRepository } from '../../apps/compliance/src/lead-directory/lead-directory.repository';
import { scratchDatabase } from '../support/scratch-database';

/**
 * The lead directory's collection fallback (what a screening reads while the view is not live) on the real
 * MongoDB-compatible server: it reads at most 5,000 entries matched on names, so a name more leads hold than that
 * must not keep the recipient's entry or a lead matched on a contact from being read.
 */
const scratch = scratchDatabase('dir_fallback', 'compliance');
const TENANT = 'acme';
const entry = (lead_id: string, first_name: string, email?: string) =>
  directoryEntryOf(TENANT, { lead_id, first_name, last_name: 'Lee', contacts: { email }, version: 1 });

let repository: LeadDirectoryRepository;

beforeAll(async () => {
  const entries = scratch.connection.model(DirectoryEntryRecord.name, DirectoryEntrySchema);
  await entries.init();
  // stored first, so that a query over every match meets them before the two below
  await entries.insertMany(Array.from({ length: 5_001 }, (_, n) => entry(`LD-WILL-${n}`, 'Will')));
  await entries.insertMany([entry('LD-RECIPIENT', 'Will'), entry('LD-CONTACT', 'Ada', 'ada.contact@example.com')]);
  repository = new LeadDirectoryRepository(entries);
}, 60_000);

it('reads the recipient and a lead matched on a contact however many leads share a name with the draft', async () => {
  const found = await repository.findRecipientAndOthers(TENANT, 'LD-RECIPIENT', {
    words: ['hi', 'will'],
    emails: ['ada.contact@example.com'],
    phones: [],
  });
  expect(found.recipient?.lead_id).toBe('LD-RECIPIENT');
  // a contact counts 2, a name 1/n for its thousands of holders read: the contact's lead is the strongest match
  expect(found.others[0].lead_id).toBe('LD-CONTACT');
  expect(found.others).toHaveLength(500);
});
