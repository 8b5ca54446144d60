import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_VERSION } from '@followup/contracts';
import { isDuplicateKeyError } from '@followup/persistence';
import type { DirectoryPerson } from '@followup/pii';
import { DirectoryEntryRecord } from './directory-entry.schema';
import { DirectoryCandidates, MatchedEntry, MAX_CANDIDATES, personOf, strongestMatches } from './lead-directory-index';
const OPTIONAL_FIELDS = ['last_name', 'last_name_lc', 'email', 'email_lc', 'phone', 'country'] as const;
const PROJECTION = { _id: 0, lead_id: 1, first_name: 1, last_name: 1, email: 1, phone: 1, country: 1 };
/** An entry as a draft is matched on and compared with. */
const MATCHED = { ...PROJECTION, first_name_lc: 1, last_name_lc: 1, email_lc: 1 };
type Matched = MatchedEntry & DirectoryPerson;
/**
 * The most entries matched on a name that the collection's fallback reads for one screening (the recipient and the
 * leads matched on an email or a phone number are all read); past it, leads matched on names only may go unread (the
 * view, live nearly always, reads names rarest first instead).
 */
const FALLBACK_NAME_READ_LIMIT = 10 * MAX_CANDIDATES;

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
   * tenant's other leads that share a word, an email or a phone number with the draft, of which the strongest matches
   * are compared (strongestMatches), as the view's are.
   */
  async findRecipientAndOthers(
    tenant: string,
    recipientLeadId: string,
    candidates: DirectoryCandidates,
  ): Promise<{ recipient?: DirectoryPerson; others: DirectoryPerson[] }> {
    const entries = await this.matching(tenant, candidates, [{ lead_id: recipientLeadId }]);
    const recipient = entries.find(({ lead_id }) => lead_id === recipientLeadId);
    const others = entries.filter(({ lead_id }) => lead_id !== recipientLeadId);
    return { recipient: recipient && personOf(recipient), others: strongestMatches(others, candidates).map(personOf) };
  }

  /** The tenant's other leads that share a word, an email or a phone number with the draft: strongestMatches. */
  async findOthers(tenant: string, recipientLeadId: string, candidates: DirectoryCandidates): Promise<DirectoryPerson[]> {
    const entries = await this.matching(tenant, candidates);
    return strongestMatches(
      entries.filter(({ lead_id }) => lead_id !== recipientLeadId),
      candidates,
    ).map(personOf);
  }

  /**
   * The entries `alsoAnyOf` selects and those sharing an email or a phone number with the draft, all of them, and
   * those sharing a word, up to FALLBACK_NAME_READ_LIMIT: two queries, so that a name many leads hold cannot crowd
   * out a contact or the recipient.
   */
  private async matching(tenant: string, candidates: DirectoryCandidates, alsoAnyOf: object[] = []): Promise<Matched[]> {
    const byContact = [
      ...alsoAnyOf,
      ...(candidates.emails.length ? [{ email_lc: { $in: candidates.emails } }] : []),
      ...(candidates.phones.length ? [{ phone: { $in: candidates.phones } }] : []),
    ];
    const [contacts, named] = await Promise.all([
      byContact.length ? this.entries.find({ tenant, $or: byContact }, MATCHED).lean<Matched[]>().exec() : [],
      candidates.words.length
        ? this.entries
            .find({ tenant, $or: [{ first_name_lc: { $in: candidates.words } }, { last_name_lc: { $in: candidates.words } }] }, MATCHED)
            .limit(FALLBACK_NAME_READ_LIMIT)
            .lean<Matched[]>()
            .exec()
        : [],
    ]);
    const seen = new Set(contacts.map(({ lead_id }) => lead_id));
    return [...contacts, ...named.filter(({ lead_id }) => !seen.has(lead_id))];
  }
}
