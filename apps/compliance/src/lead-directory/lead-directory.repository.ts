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
 * The most matching entries the collection's fallback reads for one screening, of which it compares the strongest:
 * past it, leads matched on names this common may go unread (the view, live nearly always, reads by rarity instead).
 */
const FALLBACK_READ_LIMIT = 10 * MAX_CANDIDATES;

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
   * The look-ups below answer while the view is not live (start-up, the broker away at start). They read up to
   * FALLBACK_READ_LIMIT matching entries and compare the strongest (strongestMatches), as the view does.
   *
   * In one query: the recipient's entry (their names are allowed in the draft, their country and phone number tell how to read national numbers)
   * and the tenant's other leads that share a word, an email or a phone number with the draft.
   */
  async findRecipientAndOthers(
    tenant: string,
    recipientLeadId: string,
    candidates: DirectoryCandidates,
  ): Promise<{ recipient?: DirectoryPerson; others: DirectoryPerson[] }> {
    const entries = await this.entries
      .find({ tenant, $or: [{ lead_id: recipientLeadId }, ...sharing(candidates)] }, MATCHED)
      .limit(FALLBACK_READ_LIMIT + 1)
      .lean<Matched[]>()
      .exec();
    const recipient = entries.find(({ lead_id }) => lead_id === recipientLeadId);
    const others = entries.filter(({ lead_id }) => lead_id !== recipientLeadId);
    return { recipient: recipient && personOf(recipient), others: strongestMatches(others, candidates).map(personOf) };
  }

  /** The tenant's other leads that share a word, an email or a phone number with the draft: strongestMatches. */
  async findOthers(tenant: string, recipientLeadId: string, candidates: DirectoryCandidates): Promise<DirectoryPerson[]> {
    const anyOf = sharing(candidates);
    if (anyOf.length === 0) return [];
    const entries = await this.entries
      .find({ tenant, lead_id: { $ne: recipientLeadId }, $or: anyOf }, MATCHED)
      .limit(FALLBACK_READ_LIMIT)
      .lean<Matched[]>()
      .exec();
    return strongestMatches(entries, candidates).map(personOf);
  }
}

/** The conditions of an entry sharing a word, an email or a phone number with a draft. */
function sharing(candidates: DirectoryCandidates): object[] {
  return [
    ...(candidates.words.length ? [{ first_name_lc: { $in: candidates.words } }, { last_name_lc: { $in: candidates.words } }] : []),
    ...(candidates.emails.length ? [{ email_lc: { $in: candidates.emails } }] : []),
    ...(candidates.phones.length ? [{ phone: { $in: candidates.phones } }] : []),
  ];
}
