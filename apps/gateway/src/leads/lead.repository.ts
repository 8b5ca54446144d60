import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { isDuplicateKeyError } from '@followup/persistence';
import { LeadRecord, PendingAnnouncement } from './lead.schema';

export type LeadFields = Pick<
  LeadRecord,
  'first_name' | 'last_name' | 'account_tier' | 'owner_rep_id' | 'time_zone' | 'country' | 'contacts' | 'consent'
>;
export type Lead = LeadFields & Pick<LeadRecord, 'tenant' | 'lead_id' | 'version' | 'created_at' | 'updated_at'>;
export type LeadAwaitingAnnouncement = Lead & { pending_announcement: PendingAnnouncement };

type StoredLead = LeadAwaitingAnnouncement & Pick<LeadRecord, 'outbox_pending' | 'outbox_at'> & { _id: unknown; __v?: number };

const LEAD_PROJECTION = { _id: 0, pending_announcement: 0, outbox_pending: 0, outbox_at: 0, __v: 0 } as const;
/** A lead that was not erased: an erased one is not found, and is never written again. */
const NOT_ERASED = { erased_at: { $exists: false } } as const;

@Injectable()
export class LeadRepository {
  constructor(@InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>) {}

  async findOne(tenant: string, leadId: string): Promise<Lead | null> {
    return this.leads
      .findOne({ tenant, lead_id: leadId, ...NOT_ERASED }, LEAD_PROJECTION)
      .lean<Lead>()
      .exec();
  }

  /** Every tenant's leads, for the in-memory view (LeadView). */
  async findAll(): Promise<Lead[]> {
    return this.leads.find(NOT_ERASED, LEAD_PROJECTION).lean<Lead[]>().exec();
  }

  /**
   * Replaces the lead's fields, bumps its version and marks the new version for announcement, in one write. An erased
   * lead's id is refused (409 INVALID_STATE): the other services hold it erased for good (ERASED_VERSION).
   */
  async upsert(tenant: string, leadId: string, fields: LeadFields, announcement: PendingAnnouncement): Promise<Lead> {
    const optional = {
      last_name: fields.last_name,
      account_tier: fields.account_tier,
      time_zone: fields.time_zone,
      country: fields.country,
    };
    const absent = Object.fromEntries(
      Object.entries(optional)
        .filter(([, value]) => value === undefined)
        .map(([key]) => [key, 1]),
    );
    const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const update = {
      $set: { ...present, pending_announcement: announcement, outbox_pending: true, outbox_at: new Date() },
      ...(Object.keys(absent).length > 0 ? { $unset: absent } : {}),
      $inc: { version: 1 },
    };
    // an erased record does not match, so the upsert inserts a second one, which the unique index refuses; so does it
    // when two first versions race, and then the second try finds the record the first one inserted
    const write = () =>
      // FerretDB v1 does not implement findAndModify's projection: the marker is dropped here instead.
      this.leads
        .findOneAndUpdate({ tenant, lead_id: leadId, ...NOT_ERASED }, update, { upsert: true, new: true })
        .lean<StoredLead>()
        .exec();
    let stored: StoredLead | null;
    try {
      stored = await write();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      if (await this.leads.exists({ tenant, lead_id: leadId, erased_at: { $exists: true } }).exec()) {
        throw new FollowupError(ErrorCode.InvalidState, `Lead ${leadId} was erased; its id cannot be used again.`, {
          lead_id: leadId,
          reason: 'erased',
        });
      }
      stored = await write();
    }
    const { _id, __v, pending_announcement, outbox_pending, outbox_at, ...lead } = stored as StoredLead;
    return lead;
  }

  async findAwaitingAnnouncement(olderThan: Date, limit: number): Promise<LeadAwaitingAnnouncement[]> {
    return (
      this.leads
        // an erased lead's version whose announcement failed is not announced any more
        .find({ outbox_pending: true, outbox_at: { $lt: olderThan }, ...NOT_ERASED }, { _id: 0, __v: 0, outbox_pending: 0, outbox_at: 0 })
        .limit(limit)
        .lean<LeadAwaitingAnnouncement[]>()
        .exec()
    );
  }

  /** Clears the marker unless a newer version (with its own announcement) has been written meanwhile. */
  async markAnnounced(tenant: string, leadId: string, version: number): Promise<void> {
    await this.leads
      .updateOne(
        { tenant, lead_id: leadId, version },
        { $set: { pending_announcement: null, outbox_pending: false } },
        { timestamps: false },
      )
      .exec();
  }
}
