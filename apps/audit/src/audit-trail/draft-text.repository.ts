import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { onlyDuplicateKeys } from '@followup/persistence';
import { DraftTextDocument } from './audit-record.schema';

export type DraftTextRecord = DraftTextDocument;
/** What an erasure leaves of a text: which event and kind it was, no text and no ids of the lead. */
export type DraftTextTombstone = Pick<DraftTextRecord, 'tenant' | 'event_id' | 'kind' | 'stored_at'> & { erased_at: string };

/** The restricted store of texts that may hold PII (drafts, edit diffs, raw dead letters). */
@Injectable()
export class DraftTextRepository {
  constructor(@InjectModel(DraftTextDocument.name) private readonly drafts: Model<DraftTextDocument>) {}

  /**
   * Inserts the texts in one command, each once per (event_id, kind): a text stored before, or erased since
   * (its tombstone keeps the pair), is refused by the unique index, so a redelivered event adds nothing.
   */
  async insertNew(texts: readonly (DraftTextRecord | DraftTextTombstone)[]): Promise<void> {
    if (texts.length === 0) return;
    try {
      // through the driver, which would store an absent id as null: a text that names no lead has no lead_id
      await this.drafts.collection.insertMany(
        texts.map((text) => Object.fromEntries(Object.entries(text).filter(([, value]) => value !== undefined))),
        { ordered: false },
      );
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /**
   * Erasure: blanks every restricted text of the lead, and of its recommendations where a text names no lead
   * (a dead letter, a notification), down to a tombstone of its event and kind (no text, no ids of the lead),
   * which keeps a redelivered event from storing the text again; the records keep their digests. Returns how many.
   */
  async eraseByLead(tenant: string, leadId: string, recommendationIds: string[], erasedAt: string): Promise<number> {
    const result = await this.drafts.collection.updateMany(
      { tenant, text: { $exists: true }, $or: [{ lead_id: leadId }, { recommendation_id: { $in: recommendationIds } }] },
      { $set: { erased_at: erasedAt }, $unset: { text: '', lead_id: '', recommendation_id: '' } },
    );
    return result.modifiedCount;
  }

  findByEvents(tenant: string, eventIds: string[]): Promise<DraftTextRecord[]> {
    return this.drafts
      .find({ tenant, event_id: { $in: eventIds }, text: { $exists: true } }, { _id: 0 })
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
