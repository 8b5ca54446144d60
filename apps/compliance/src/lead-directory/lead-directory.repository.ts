import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_VERSION } from '@followup/contracts';
import { isDuplicateKeyError } from '@followup/persistence';
import type { DirectoryPerson } from '@followup/pii';
import { DirectoryEntryRecord } from './directory-entry.schema';
import {
  DirectoryCandidates,
  fullNameOf,
  MatchedEntry,
  NAME_READ_LIMIT,
  NameHolders,
  personOf,
  rarestFirst,
  strongestMatches,
  tally,
} from './lead-directory-index';
const OPTIONAL_FIELDS = ['last_name', 'last_name_lc', 'email', 'email_lc', 'phone', 'country'] as const;
const PROJECTION = { _id: 0, lead_id: 1, first_name: 1, last_name: 1, email: 1, phone: 1, country: 1 };
/** An entry as a draft is matched on and compared with. */
const MATCHED = { ...PROJECTION, first_name_lc: 1, last_name_lc: 1, email_lc: 1 };
type Matched = MatchedEntry & DirectoryPerson;
@Injectable()
export class LeadDirectoryRepository {
  constructor(@InjectModel(DirectoryEntryRecord.name) private readonly entries: Model<DirectoryEntryRecord>) {}

  /** Applies a lead version only if newer than the stored one; redelivered or reordered events change nothing. */
  async applyVersion(entry: DirectoryEntryRecord): Promise<boolean> {
    const present = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
    const absent = Object.fromEntries(OPTIONAL_FIELDS.filter((field) => entry[field] === undefined).map((field) => [field, 1]));
    try {
      const update = await this.entries
        .updateOne(
          { tenant: entry.tenant, lead_id: entry.lead_id, version: { $lt: entry.version } },
          { $set: present, ...(Object.keys(absent).length ? { $unset: absent } : {}) },
          { upsert: true },
        )
        .exec();
      return update.modifiedCount + update.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async isErased(tenant: string, leadId: string): Promise<boolean> {
    return (await this.entries.exists({ tenant, lead_id: leadId, version: ERASED_VERSION }).exec()) !== null;
  }

  /** Every tenant's entries, read once by each instance's view (LeadDirectoryView). */
  everyEntry(): AsyncIterable<DirectoryEntryRecord> {
    return this.entries
      .find({}, { ...PROJECTION, tenant: 1, first_name_lc: 1, last_name_lc: 1, email_lc: 1, version: 1 })
      .batchSize(1000)
      .lean<DirectoryEntryRecord>()
      .cursor();
  }

  /**
   * The look-ups below answer while the view is not live (start-up, the broker away at start): the recipient's entry
   * (their names are allowed in the draft, their country and phone number tell how to read national numbers) and the
   * tenant's other leads that share a word, a full name, an email or a phone number with the draft, of which the
   * strongest matches are compared (strongestMatches), as the view's are: every lead matched on a contact or a full
   * name, and those matched on names alone rarest name first, up to NAME_READ_LIMIT.
   */
  async findRecipientAndOthers(
    tenant: string,
    recipientLeadId: string,
    candidates: DirectoryCandidates,
  ): Promise<{ recipient?: DirectoryPerson; others: DirectoryPerson[] }> {
    const { entries, holders } = await this.matching(tenant, candidates, [{ lead_id: recipientLeadId }]);
    const recipient = entries.find(({ lead_id }) => lead_id === recipientLeadId);
    const others = entries.filter(({ lead_id }) => lead_id !== recipientLeadId);
    return { recipient: recipient && personOf(recipient), others: strongestMatches(others, candidates, holders).map(personOf) };
  }

  /** The tenant's other leads that share a word, a full name, an email or a phone number with the draft: strongestMatches. */
  async findOthers(tenant: string, recipientLeadId: string, candidates: DirectoryCandidates): Promise<DirectoryPerson[]> {
    const { entries, holders } = await this.matching(tenant, candidates);
    return strongestMatches(
      entries.filter(({ lead_id }) => lead_id !== recipientLeadId),
      candidates,
      holders,
    ).map(personOf);
  }

  /**
   * The entries `alsoAnyOf` selects, those matched on a contact or a full name, and those matched on names alone,
   * rarest name first up to NAME_READ_LIMIT (the names' holders counted first); with the holders of each.
   */
  private async matching(
    tenant: string,
    candidates: DirectoryCandidates,
    alsoAnyOf: object[] = [],
  ): Promise<{ entries: Matched[]; holders: NameHolders }> {
    const fullNames = candidates.fullNames ?? [];
    const certainly = [
      ...alsoAnyOf,
      ...(candidates.emails.length ? [{ email_lc: { $in: candidates.emails } }] : []),
      ...(candidates.phones.length ? [{ phone: { $in: candidates.phones } }] : []),
      ...fullNames.map((fullName) => {
        const [first_name_lc, last_name_lc] = fullName.split(' ');
        return { first_name_lc, last_name_lc };
      }),
    ];
    const [certain, nameHolders] = await Promise.all([
      certainly.length ? this.entries.find({ tenant, $or: certainly }, MATCHED).lean<Matched[]>().exec() : [],
      this.nameHolders(tenant, candidates.words),
    ]);
    let room = NAME_READ_LIMIT;
    const fitting: string[] = [];
    let partly: string | undefined;
    for (const name of rarestFirst(nameHolders.keys(), (held) => nameHolders.get(held)!)) {
      if (nameHolders.get(name)! > room) {
        partly = name;
        break;
      }
      fitting.push(name);
      room -= nameHolders.get(name)!;
    }
    const named = (names: string[], limit: number) =>
      this.entries
        .find({ tenant, $or: [{ first_name_lc: { $in: names } }, { last_name_lc: { $in: names } }] }, MATCHED)
        .limit(limit)
        .lean<Matched[]>()
        .exec();
    const byName = await Promise.all([
      fitting.length ? named(fitting, NAME_READ_LIMIT) : [],
      partly !== undefined && room > 0 ? named([partly], room) : [],
    ]);
    const entries = new Map<string, Matched>();
    for (const entry of [...certain, ...byName.flat()]) if (!entries.has(entry.lead_id)) entries.set(entry.lead_id, entry);
    // every holder of a drafted full name is among `certain`
    const fullNameHolders = tally(certain.map(fullNameOf));
    return {
      entries: [...entries.values()],
      // a lead named since the count holds its name too
      holders: { name: (name) => nameHolders.get(name) ?? 1, fullName: (fullName) => fullNameHolders(fullName) || 1 },
    };
  }

  /** How many of the tenant's leads hold each of the words as a first or a last name (those holding none left out). */
  private async nameHolders(tenant: string, words: string[]): Promise<Map<string, number>> {
    const holders = new Map<string, number>();
    if (words.length === 0) return holders;
    const counted = (field: 'first_name_lc' | 'last_name_lc') =>
      this.entries
        .aggregate<{ _id: string; holders: number }>([
          { $match: { tenant, [field]: { $in: words } } },
          { $group: { _id: `$${field}`, holders: { $sum: 1 } } },
        ])
        .exec();
    for (const { _id, holders: count } of (await Promise.all([counted('first_name_lc'), counted('last_name_lc')])).flat()) {
      holders.set(_id, (holders.get(_id) ?? 0) + count);
    }
    return holders;
  }
}
