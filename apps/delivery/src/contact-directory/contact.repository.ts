import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { upsertIfNewer } from '@followup/persistence';
import { ContactRecord } from './contact.schema';

const PROJECTION = { _id: 0, __v: 0, created_at: 0, updated_at: 0 } as const;

@Injectable()
export class ContactRepository {
  constructor(@InjectModel(ContactRecord.name) private readonly contacts: Model<ContactRecord>) {}

  /**
   * Applies a lead version only if it is newer than the stored one, so redelivered or reordered events
   * never roll a contact back. Returns whether anything changed.
   */
  async applyVersion(contact: ContactRecord): Promise<boolean> {
    return upsertIfNewer(this.contacts, { tenant: contact.tenant, lead_id: contact.lead_id }, 'version', contact);
  }

  /** The leads a rep owns now, by the newest lead version this service has seen. */
  async leadIdsOwnedBy(tenant: string, repId: string): Promise<string[]> {
    const owned = await this.contacts.find({ tenant, owner_rep_id: repId }, { _id: 0, lead_id: 1 }).lean<{ lead_id: string }[]>().exec();
    return owned.map((contact) => contact.lead_id);
  }

  /**
   * The leads of the tenant whose phone (`sms`) or email has this address now: as normalised, or as the CRM wrote
   * it. At most `limit`.
   */
  async leadIdsWithAddress(tenant: string, channel: 'sms' | 'email', spellings: string[], limit: number): Promise<string[]> {
    const field = channel === 'email' ? 'contacts.email' : 'contacts.phone';
    const found = await this.contacts
      .find({ tenant, [field]: { $in: [...new Set(spellings)] } }, { _id: 0, lead_id: 1 })
      .sort({ lead_id: 1 })
      .limit(limit)
      .lean<{ lead_id: string }[]>()
      .exec();
    return found.map((contact) => contact.lead_id);
  }

  async findOne(tenant: string, leadId: string): Promise<ContactRecord | null> {
    return this.contacts.findOne({ tenant, lead_id: leadId }, PROJECTION).lean<ContactRecord>().exec();
  }

  /** Every tenant's entries, for the in-memory view (ContactView). */
  async all(): Promise<ContactRecord[]> {
    return this.contacts.find({}, PROJECTION).lean<ContactRecord[]>().exec();
  }
}
