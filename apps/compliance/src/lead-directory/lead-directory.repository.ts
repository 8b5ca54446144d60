import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import type { DirectoryPerson } from '@followup/pii';
import { DirectoryEntryRecord } from './directory-entry.schema';

export interface DirectoryCandidates {
  words: string[];
  emails: string[];
  phones: string[];
}

/** The most entries one screening compares a draft with (only entries sharing a word or contact are read). */
const MAX_CANDIDATES = 500;
const OPTIONAL_FIELDS = ['last_name', 'last_name_lc', 'email', 'email_lc', 'phone'] as const;
const PROJECTION = { _id: 0, lead_id: 1, first_name: 1, last_name: 1, email: 1, phone: 1 };

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

  /** The recipient's entry: their names are allowed in the draft, their phone number tells their country. */
  async findRecipient(tenant: string, recipientLeadId: string): Promise<DirectoryPerson | undefined> {
    const recipient = await this.entries.findOne({ tenant, lead_id: recipientLeadId }, PROJECTION).lean<DirectoryPerson>().exec();
    return recipient ?? undefined;
  }

  /** The tenant's other leads that share a word, an email or a phone number with the draft. */
  async findOthers(tenant: string, recipientLeadId: string, candidates: DirectoryCandidates): Promise<DirectoryPerson[]> {
    const anyOf = [
      ...(candidates.words.length ? [{ first_name_lc: { $in: candidates.words } }, { last_name_lc: { $in: candidates.words } }] : []),
      ...(candidates.emails.length ? [{ email_lc: { $in: candidates.emails } }] : []),
      ...(candidates.phones.length ? [{ phone: { $in: candidates.phones } }] : []),
    ];
    if (anyOf.length === 0) return [];
    return this.entries
      .find({ tenant, lead_id: { $ne: recipientLeadId }, $or: anyOf }, PROJECTION)
      .limit(MAX_CANDIDATES)
      .lean<DirectoryPerson[]>()
      .exec();
  }
}
