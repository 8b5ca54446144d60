import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors';

/** Who holds a named piece of repeated work (an outbox relay) until when, in the service's own database. */
@Schema({ collection: 'leases', versionKey: false })
export class LeaseRecord {
  @Prop({ required: true }) name: string;
  @Prop({ required: true }) holder: string;
  @Prop({ required: true }) until: Date;
}

export const LeaseSchema = SchemaFactory.createForClass(LeaseRecord);
LeaseSchema.index({ name: 1 }, { unique: true });

/**
 * One holder at a time for work every instance could do, such as relaying an outbox: `hold()` takes the lease
 * when it is free or expired, renews it for its holder, and answers false while another instance holds it.
 * A holder that dies loses it after `ttlMs`, and another instance takes over. One conditional upsert: the
 * unique name turns a second claimant's insert into a duplicate-key error. (FerretDB v1 applies an update as a
 * read and a write, so two instances finding the lease expired at the same moment may both take it once;
 * the work it guards must stay idempotent, as outbox relays are.)
 */
export class Lease {
  constructor(
    private readonly leases: Model<LeaseRecord>,
    private readonly name: string,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async hold(): Promise<boolean> {
    const now = this.now();
    try {
      await this.leases
        .updateOne(
          { name: this.name, $or: [{ holder: this.holder }, { until: { $lte: now } }] },
          { $set: { holder: this.holder, until: new Date(now.getTime() + this.ttlMs) } },
          { upsert: true },
        )
        .exec();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Gives the lease up (on shutdown), so another instance need not wait for it to expire. */
  async release(): Promise<void> {
    await this.leases.updateOne({ name: this.name, holder: this.holder }, { $set: { until: new Date(0) } }).exec();
  }
}
