import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import type { SuppressibleChannel, SuppressionSource } from '@followup/contracts';
import { Outbox, OutboxMessage, outboxMarker } from '@followup/messaging';
import { isDuplicateKeyError } from '@followup/persistence';
import type { SuppressionEntry } from './suppression-index';
import { SuppressionRecord } from './suppression.schema';

export type Suppression = SuppressionRecord;

/** Which address: always within its tenant. */
export interface AddressKey {
  tenant: string;
  channel: SuppressibleChannel;
  address: string;
}

export interface SuppressionChangeRecord extends AddressKey {
  suppression_id: string;
  reason: string;
  source: SuppressionSource;
  at: Date;
  messages: OutboxMessage[];
}

export interface SuppressionFilter {
  channel?: SuppressibleChannel;
  address?: string;
  source?: SuppressionSource;
  active?: boolean;
}

const PROJECTION = { _id: 0, __v: 0 } as const;
const ENTRY_PROJECTION = { _id: 0, tenant: 1, suppression_id: 1, channel: 1, address: 1, active: 1 } as const;

@Injectable()
export class SuppressionRepository {
  constructor(
    @InjectModel(SuppressionRecord.name) private readonly suppressions: Model<SuppressionRecord>,
    private readonly outbox: Outbox,
  ) {}

  async findOne({ tenant, channel, address }: AddressKey): Promise<Suppression | null> {
    return this.suppressions.findOne({ tenant, channel, address }, PROJECTION).lean<Suppression>().exec();
  }

  /** Every tenant's active entries, for the in-memory view (SuppressionView). */
  async activeEntries(): Promise<SuppressionEntry[]> {
    return this.suppressions.find({ active: true }, ENTRY_PROJECTION).lean<SuppressionEntry[]>().exec();
  }

  /** One entry as stored now, by its id. */
  async entry(tenant: string, suppressionId: string): Promise<SuppressionEntry | null> {
    return this.suppressions.findOne({ tenant, suppression_id: suppressionId }, ENTRY_PROJECTION).lean<SuppressionEntry>().exec();
  }

  async isActive({ tenant, channel, address }: AddressKey): Promise<boolean> {
    // a find by the unique key rather than countDocuments, which the driver runs as an aggregation
    return (await this.suppressions.findOne({ tenant, channel, address, active: true }, { _id: 1 }).lean().exec()) !== null;
  }

  /** Makes the address suppressed, with the change's event, unless it already is; false when it already was. */
  async suppress(change: SuppressionChangeRecord): Promise<boolean> {
    const { tenant, channel, address } = change;
    try {
      const update = await this.suppressions
        .updateOne(
          { tenant, channel, address, active: { $ne: true } },
          {
            $set: {
              active: true,
              reason: change.reason,
              source: change.source,
              suppressed_at: change.at,
              released_at: null,
              release_source: null,
              ...outboxMarker(change.messages, change.at),
            },
            $setOnInsert: { suppression_id: change.suppression_id },
          },
          { upsert: true },
        )
        .exec();
      return update.modifiedCount + update.upsertedCount > 0;
    } catch (error) {
      // the address became active meanwhile: the upsert found no inactive record and the insert hit the unique key
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Gives an active suppression whose source is one of `from` the change's source and reason, with its event (it
   * stays active, since the same moment); false when there was no such entry.
   */
  async takeOver(change: SuppressionChangeRecord, from: readonly SuppressionSource[]): Promise<boolean> {
    const { tenant, channel, address } = change;
    const update = await this.suppressions
      .updateOne(
        { tenant, channel, address, active: true, source: { $in: from } },
        { $set: { source: change.source, reason: change.reason, ...outboxMarker(change.messages, change.at) } },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /**
   * Ends an active suppression (an opt back in), of one of `sources` when given, with the change's event; false when
   * there was no such entry.
   */
  async release(change: SuppressionChangeRecord, sources?: readonly SuppressionSource[]): Promise<boolean> {
    const { tenant, channel, address } = change;
    const update = await this.suppressions
      .updateOne(
        { tenant, channel, address, active: true, ...(sources && { source: { $in: sources } }) },
        { $set: { active: false, released_at: change.at, release_source: change.source, ...outboxMarker(change.messages, change.at) } },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /** Publishes the change's event and clears the marker, unless a newer change replaced it meanwhile. */
  async deliverOutbox(tenant: string, suppressionId: string, messages: OutboxMessage[]): Promise<void> {
    await this.outbox.deliver(this.suppressions, { tenant, suppression_id: suppressionId }, messages);
  }

  async list(tenant: string, filter: SuppressionFilter, skip: number, limit: number): Promise<{ items: Suppression[]; total: number }> {
    const query: FilterQuery<SuppressionRecord> = { tenant };
    if (filter.channel) query.channel = filter.channel;
    if (filter.address) query.address = filter.address;
    if (filter.source) query.source = filter.source;
    if (filter.active !== undefined) query.active = filter.active;
    const [items, total] = await Promise.all([
      this.suppressions
        .find(query, { ...PROJECTION, outbox: 0, outbox_pending: 0, outbox_at: 0 })
        .sort({ suppressed_at: -1, suppression_id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<Suppression[]>()
        .exec(),
      this.suppressions.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}
