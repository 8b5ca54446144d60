import type { LeadUpsertedPayload } from '@followup/contracts';
import type { DirectoryPerson } from '@followup/pii';
import type { DirectoryEntryRecord } from './directory-entry.schema';

/**
 * What a draft is compared with: its lower-cased words, its full names (two adjacent words, "first last"), its emails,
 * its phone numbers (E.164). No full names: none is matched.
 */
export interface DirectoryCandidates {
  words: string[];
  fullNames?: string[];
  emails: string[];
  phones: string[];
}

/** The most entries one screening compares a draft with (only entries sharing a word or contact are read). */
export const MAX_CANDIDATES = 500;
/**
 * The most entries matched on a name alone that one screening reads, rarest names first: the leads matched on a
 * contact or a full name are all read, and a word many leads are named (`will`) must not cost a sort of thousands.
 */
export const NAME_READ_LIMIT = 10 * MAX_CANDIDATES;

/** What a draft is matched on of an entry. */
export type MatchedEntry = Pick<DirectoryEntryRecord, 'lead_id' | 'first_name_lc' | 'last_name_lc' | 'email_lc' | 'phone'>;

/** An entry's full name as DirectoryCandidates' full names read ("first last"); none without a last name. */
export function fullNameOf({ first_name_lc, last_name_lc }: Pick<MatchedEntry, 'first_name_lc' | 'last_name_lc'>): string | undefined {
  return last_name_lc === undefined ? undefined : `${first_name_lc} ${last_name_lc}`;
}

/** How many leads of the directory hold a name, a full name. */
export interface NameHolders {
  name(name: string): number;
  fullName(fullName: string): number;
}

/**
 * The at most `max` of `matched` (the leads sharing a word, a full name, an email or a phone number with a draft)
 * that the draft is compared with, the strongest evidence first: an email or a phone number of the lead's in the
 * draft counts 2, a name of the lead's 1/n when n leads hold it, and its full name, written as one, 1/n more when n
 * leads hold that (`holders`; by default, n of `matched`); then more of the lead's values; then as given. A rare
 * surname (1) outranks any number of leads whose names are common words (a full name held by 20 leads each: 0.1),
 * so padding a draft with common names does not push it out of the comparison, nor does it push out a John Smith
 * written as one among thousands of Johns and Smiths (1 more).
 */
export function strongestMatches<Entry extends MatchedEntry>(
  matched: readonly Entry[],
  candidates: DirectoryCandidates,
  holders?: NameHolders,
  max = MAX_CANDIDATES,
): Entry[] {
  const words = new Set(candidates.words);
  const fullNames = new Set(candidates.fullNames);
  const emails = new Set(candidates.emails);
  const phones = new Set(candidates.phones);
  const namesOf = (entry: Entry) =>
    [...new Set([entry.first_name_lc, entry.last_name_lc])].filter((name): name is string => name !== undefined && words.has(name));
  const fullNameIn = (entry: Entry) => {
    const fullName = fullNameOf(entry);
    return fullName !== undefined && fullNames.has(fullName) ? fullName : undefined;
  };
  const holdersOf = holders ?? countedAmong(matched, namesOf, fullNameIn);
  const scored = matched.map((entry, order) => {
    const names = namesOf(entry);
    const fullName = fullNameIn(entry);
    const contacts =
      (entry.email_lc !== undefined && emails.has(entry.email_lc) ? 1 : 0) + (entry.phone !== undefined && phones.has(entry.phone) ? 1 : 0);
    const score =
      2 * contacts +
      names.reduce((sum, name) => sum + 1 / holdersOf.name(name), 0) +
      (fullName === undefined ? 0 : 1 / holdersOf.fullName(fullName));
    return { entry, order, score, values: 2 * contacts + names.length + (fullName === undefined ? 0 : 1) };
  });
  scored.sort((a, b) => b.score - a.score || b.values - a.values || a.order - b.order);
  return scored.slice(0, max).map(({ entry }) => entry);
}

/**
 * `names` by their holders, fewest first, then alphabetically, as the view and the collection both read them (the
 * collection's count takes a lead named Lee Lee for two holders of "lee", the view's for one).
 */
export function rarestFirst(names: Iterable<string>, holders: (name: string) => number): string[] {
  return [...names].sort((a, b) => holders(a) - holders(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** How many times each key occurs in `keys` (undefined ones left out); 0 for a key that does not. */
export function tally(keys: Iterable<string | undefined>): (key: string) => number {
  const counts = new Map<string, number>();
  for (const key of keys) if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  return (key) => counts.get(key) ?? 0;
}

/** The holders of each name and full name among `matched`. */
function countedAmong<Entry>(
  matched: readonly Entry[],
  namesOf: (entry: Entry) => string[],
  fullNameIn: (entry: Entry) => string | undefined,
): NameHolders {
  return { name: tally(matched.flatMap(namesOf)), fullName: tally(matched.map(fullNameIn)) };
}

/** A tenant's lead as compliance's directory stores it, from the lead's announced state. */
export function directoryEntryOf(
  tenant: string,
  lead: Pick<LeadUpsertedPayload, 'lead_id' | 'first_name' | 'last_name' | 'contacts' | 'country' | 'version'>,
): DirectoryEntryRecord {
  const { lead_id, first_name, last_name, contacts, country, version } = lead;
  return {
    tenant,
    lead_id,
    first_name,
    last_name: last_name || undefined,
    email: contacts.email,
    phone: contacts.phone,
    country: country || undefined,
    first_name_lc: first_name.trim().toLowerCase(),
    last_name_lc: last_name?.trim().toLowerCase() || undefined,
    email_lc: contacts.email?.trim().toLowerCase(),
    version,
  };
}

type IndexedEntry = Omit<DirectoryEntryRecord, 'tenant'>;

/** Lead ids by one kind of value; a value most often belongs to one lead, held without a set. */
class LeadsByValue {
  private readonly leads = new Map<string, string | Set<string>>();

  add(value: string | undefined, leadId: string): void {
    if (!value) return;
    const held = this.leads.get(value);
    if (held === undefined) this.leads.set(value, leadId);
    else if (typeof held === 'string') this.leads.set(value, new Set([held, leadId]));
    else held.add(leadId);
  }

  delete(value: string | undefined, leadId: string): void {
    if (!value) return;
    const held = this.leads.get(value);
    if (held === leadId) this.leads.delete(value);
    else if (typeof held === 'object') {
      held.delete(leadId);
      if (held.size === 1) this.leads.set(value, [...held][0]);
    }
  }

  /** How many leads hold the value. */
  count(value: string): number {
    const held = this.leads.get(value);
    return held === undefined ? 0 : typeof held === 'string' ? 1 : held.size;
  }

  get(value: string): Iterable<string> {
    const held = this.leads.get(value);
    return held === undefined ? [] : typeof held === 'string' ? [held] : held;
  }
}

/**
 * One tenant's lead directory in memory, indexed by the values a draft is matched on: a word equal to a lead's
 * lower-cased first or last name, an email equal to its lower-cased email, a phone number equal to its phone. Keeps
 * the stored directory's rules: a version replaces an entry only when it is newer, and an erased lead leaves the
 * index for good, so no version of it (one in flight at the erasure, or any later one) comes back.
 */
export class LeadDirectoryIndex {
  private readonly entries = new Map<string, IndexedEntry>();
  private readonly erased = new Set<string>();
  private readonly byName = new LeadsByValue();
  /** Lead ids by full name (fullNameOf). */
  private readonly byFullName = new LeadsByValue();
  private readonly byEmail = new LeadsByValue();
  private readonly byPhone = new LeadsByValue();

  /** Applies a lead's state unless the index holds the same or a newer version; answers whether it applied. */
  upsert(entry: IndexedEntry): boolean {
    const known = this.entries.get(entry.lead_id)?.version;
    if (this.erased.has(entry.lead_id) || (known !== undefined && known >= entry.version)) return false;
    this.unindex(entry.lead_id);
    this.entries.set(entry.lead_id, entry);
    this.byName.add(entry.first_name_lc, entry.lead_id);
    if (entry.last_name_lc !== entry.first_name_lc) this.byName.add(entry.last_name_lc, entry.lead_id);
    this.byFullName.add(fullNameOf(entry), entry.lead_id);
    this.byEmail.add(entry.email_lc, entry.lead_id);
    this.byPhone.add(entry.phone, entry.lead_id);
    return true;
  }

  isErased(leadId: string): boolean {
    return this.erased.has(leadId);
  }

  /** The lead leaves the index, and no version of it enters again (ERASED_VERSION in the collection). */
  erase(leadId: string): void {
    this.unindex(leadId);
    this.erased.add(leadId);
  }

  /** The recipient's entry (unless erased) and the other leads sharing a word, an email or a phone number with the draft. */
  find(recipientLeadId: string, candidates: DirectoryCandidates): { recipient?: DirectoryPerson; others: DirectoryPerson[] } {
    const recipient = this.entries.get(recipientLeadId);
    return { recipient: recipient && personOf(recipient), others: this.findOthers(recipientLeadId, candidates) };
  }

  /**
   * The leads other than the recipient sharing a word, a full name, an email or a phone number with the draft:
   * strongestMatches. Every lead matched on a contact or a full name is read; the leads matched on names alone are
   * read rarest name first, up to NAME_READ_LIMIT.
   */
  findOthers(recipientLeadId: string, candidates: DirectoryCandidates): DirectoryPerson[] {
    const found = new Set<string>();
    const take = (leadIds: Iterable<string>) => {
      for (const leadId of leadIds) if (leadId !== recipientLeadId) found.add(leadId);
    };
    for (const email of candidates.emails) take(this.byEmail.get(email));
    for (const phone of candidates.phones) take(this.byPhone.get(phone));
    for (const fullName of candidates.fullNames ?? []) take(this.byFullName.get(fullName));
    const holders: NameHolders = { name: (name) => this.byName.count(name), fullName: (fullName) => this.byFullName.count(fullName) };
    let nameReads = 0;
    for (const name of rarestFirst(new Set(candidates.words), holders.name)) {
      if (nameReads >= NAME_READ_LIMIT) break;
      for (const leadId of this.byName.get(name)) {
        if (nameReads >= NAME_READ_LIMIT) break;
        nameReads += 1;
        if (leadId !== recipientLeadId) found.add(leadId);
      }
    }
    return strongestMatches(
      [...found].map((leadId) => this.entries.get(leadId)!),
      candidates,
      holders,
    ).map(personOf);
  }

  private unindex(leadId: string): IndexedEntry | undefined {
    const entry = this.entries.get(leadId);
    if (!entry) return undefined;
    this.byName.delete(entry.first_name_lc, leadId);
    this.byName.delete(entry.last_name_lc, leadId);
    this.byFullName.delete(fullNameOf(entry), leadId);
    this.byEmail.delete(entry.email_lc, leadId);
    this.byPhone.delete(entry.phone, leadId);
    this.entries.delete(leadId);
    return entry;
  }
}

/** What a screening reads of an entry, as the collection's projection answers it (absent fields absent). */
export function personOf({ lead_id, first_name, last_name, email, phone, country }: Omit<IndexedEntry, 'version'>): DirectoryPerson {
  return {
    lead_id,
    first_name,
    ...(last_name !== undefined && { last_name }),
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone }),
    ...(country !== undefined && { country }),
  };
}
