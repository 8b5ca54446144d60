import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { DraftTextDocument } from './audit-record.schema';

export type DraftTextRecord = DraftTextDocument;

/** The restricted store of texts that may hold PII (drafts, edit diffs, raw dead letters). */
@Injectable()
export class DraftTextRepository {
  constructor(@InjectModel(DraftTextDocument.name) private readonly drafts: Model<DraftTextDocument>) {}

  /** Idempotent per (event_id, kind): a redelivered event stores nothing new. */
  async saveAll(texts: DraftTextRecord[]): Promise<void> {
    if (texts.length === 0) return;
    try {
      await this.drafts.bulkWrite(
        texts.map((text) => ({
          updateOne: { filter: { event_id: text.event_id, kind: text.kind }, update: { $setOnInsert: text }, upsert: true },
        })),
        { ordered: false },
      );
    } catch (error) {
      // Two writers raced to insert the same text: it is stored either way.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * Erasure: deletes every restricted text of the lead, and of its recommendations where a text names no lead
   * (a dead letter, a notification); the records keep their digests. Returns how many.
   */
  async deleteByLead(tenant: string, leadId: string, recommendationIds: string[]): Promise<number> {
    const result = await this.drafts
      .deleteMany({ tenant, $or: [{ lead_id: leadId }, { recommendation_id: { $in: recommendationIds } }] })
      .exec();
    return result.deletedCount;
  }

  findByEvents(tenant: string, eventIds: string[]): Promise<DraftTextRecord[]> {
    return this.drafts
      .find({ tenant, event_id: { $in: eventIds } }, { _id: 0 })
      .sort({ stored_at: 1, kind: 1 })
      .lean<DraftTextRecord[]>()
      .exec();
  }

  findByRecommendation(tenant: string, recommendationId: string): Promise<DraftTextRecord[]> {
    return this.drafts
      .find({ tenant, recommendation_id: recommendationId }, { _id: 0 })
      .sort({ stored_at: 1, kind: 1 })
      .lean<DraftTextRecord[]>()
      .exec();
  }
}
