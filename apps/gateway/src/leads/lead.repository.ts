import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, UpdateQuery } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { PendingAnnouncement } from './lead-version-claim.schema';
import { busy, LeadVersions, MAX_VERSION_ATTEMPTS } from './lead-versions';
import { LeadRecord } from './lead.schema';

export type LeadFields = Pick<
  LeadRecord,
  'first_name' | 'last_name' | 'account_tier' | 'owner_rep_id' | 'time_zone' | 'country' | 'contacts' | 'consent'
>;
export type Lead = LeadFields & Pick<LeadRecord, 'tenant' | 'lead_id' | 'version' | 'created_at' | 'updated_at'>;

type StoredLead = Lead & { _id: unknown; __v?: number };

const LEAD_PROJECTION = { _id: 0, __v: 0 } as const;
/** A lead that was not erased: an erased one is not found, and is never written again. */
const NOT_ERASED = { erased_at: { $exists: false } } as const;

@Injectable()
export class LeadRepository {
  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    private readonly versions: LeadVersions,
  ) {}

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
   * Replaces the lead's fields under the next version (claimed first: LeadVersions), whose claim holds its outbox
   * marker for the announcement. An erased lead's id is refused (409 INVALID_STATE): the other services hold it
   * erased for good (ERASED_VERSION). `created` when there was no record.
   */
  async upsert(
    tenant: string,
    leadId: string,
    fields: LeadFields,
    announcement: PendingAnnouncement,
  ): Promise<{ lead: Lead; created: boolean }> {
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
    for (let attempt = 1; attempt <= MAX_VERSION_ATTEMPTS; attempt += 1) {
      // a PUT's claim refuses an erased lead, so it is never undefined here
      const { from, version } = (await this.versions.claimNext(tenant, leadId, announcement))!;
      const stored = await this.write(tenant, leadId, from, {
        $set: { ...present, version },
        ...(Object.keys(absent).length > 0 ? { $unset: absent } : {}),
      });
      if (stored) {
        const { _id, __v, ...lead } = stored;
        return { lead, created: from === undefined };
      }
    }
    throw busy(leadId);
  }

  /**
   * Writes a claimed version onto the record still at `from` (inserts it when there was none); null when the record
   * moved on meanwhile (an erasure, a writer presumed dead that wrote after all, a creation that won the insert).
   */
  private async write(
    tenant: string,
    leadId: string,
    from: number | undefined,
    update: UpdateQuery<LeadRecord>,
  ): Promise<StoredLead | null> {
    try {
      return await this.leads
        .findOneAndUpdate({ tenant, lead_id: leadId, ...NOT_ERASED, ...(from === undefined ? {} : { version: from }) }, update, {
          upsert: from === undefined,
          new: true,
        })
        .lean<StoredLead>()
        .exec();
    } catch (error) {
      // a record inserted meanwhile (erased, or another creation): decided again on it
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }
}
