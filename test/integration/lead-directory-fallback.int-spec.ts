import { DirectoryEntryRecord, DirectoryEntrySchema } from '../../apps/compliance/src/lead-directory/directory-entry.schema';
import { directoryEntryOf, MAX_CANDIDATES } from '../../apps/compliance/src/lead-directory/lead-directory-index';
import { LeadDirectoryRepository } from '../../apps/compliance/src/lead-directory/lead-directory.repository';
import { scratchDatabase } from '../support/scratch-database';

/**
 * The lead directory's collection fallback (what a screening reads while the view is not live) on the real
 * MongoDB-compatible server: it reads at most 5,000 entries matched on names alone, so a name more leads hold than
 * that must not keep the recipient's entry, a lead matched on a contact or a full name, or a rarer name's holder
 * from being read.
 */
const scratch = scratchDatabase('dir_fallback', 'compliance');
const TENANT = 'acme';
const entry = (lead_id: string, first_name: string, last_name: string, email?: string) =>
  directoryEntryOf(TENANT, { lead_id, first_name, last_name, contacts: { email }, version: 1 });

let repository: LeadDirectoryRepository;

beforeAll(async () => {
  const entries = scratch.connection.model(DirectoryEntryRecord.name, DirectoryEntrySchema);
  await entries.init();
  // stored first, so that a query over every match meets them before the others
  await entries.insertMany(Array.from({ length: 5_001 }, (_, n) => entry(`LD-WILL-${n}`, 'Will', `Lee${n}`)));
  await entries.insertMany(Array.from({ length: 600 }, (_, n) => entry(`LD-GRACE-${n}`, 'Grace', `Hart${n}`)));
  await entries.insertMany([
    entry('LD-RECIPIENT', 'Will', 'Park'),
    entry('LD-CONTACT', 'Ada', 'Stone', 'ada.contact@example.com'),
    entry('LD-RARE', 'Zorvath', 'Quillinan'),
    entry('LD-FULL', 'Grace', 'Will'),
  ]);
  // last of the Wills in every order a server may read them (stored last; its lead id and last name sort last): the
  // names read (4,398 of 5,004 Wills in the second case) do not reach it, its full name does
  await entries.insertMany([entry('LD-WILL-ZLATE', 'Will', 'Zwart')]);
  repository = new LeadDirectoryRepository(entries);
}, 60_000);

const ids = (people: { lead_id: string }[]) => people.map(({ lead_id }) => lead_id);

it('reads the recipient and a lead matched on a contact however many leads share a name with the draft', async () => {
  const found = await repository.findRecipientAndOthers(TENANT, 'LD-RECIPIENT', {
    words: ['hi', 'will'],
    emails: ['ada.contact@example.com'],
    phones: [],
  });
  expect(found.recipient?.lead_id).toBe('LD-RECIPIENT');
  // a contact counts 2, "will" 1/5,004 (5,001 Wills, the recipient, Grace Will, Will Zwart): the contact's lead first
  expect(found.others[0].lead_id).toBe('LD-CONTACT');
  expect(found.others).toHaveLength(MAX_CANDIDATES);
});

it('reads the rarest names first, and every lead whose full name the draft writes as one', async () => {
  const others = await repository.findOthers(TENANT, 'LD-RECIPIENT', {
    words: ['will', 'grace', 'quillinan'],
    fullNames: ['grace will', 'will quillinan', 'will zwart'],
    emails: [],
    phones: [],
  });
  // Grace Will: 1/601 (Grace) + 1/5,004 (Will) + 1 (the one lead of that full name); Will Zwart 1/5,004 + 1;
  // Quillinan 1; a Grace 1/601. Names read: Quillinan (1 holder), the Graces (601), then 4,398 Wills
  expect(ids(others.slice(0, 3))).toEqual(['LD-FULL', 'LD-WILL-ZLATE', 'LD-RARE']);
  expect(others).toHaveLength(MAX_CANDIDATES);
  expect(ids(others.slice(3)).every((id) => id.startsWith('LD-GRACE-'))).toBe(true);
});
