import type { HydratedDocument, Model } from 'mongoose';
import { GroupCommitBatcher } from '@followup/config';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * What became of one document: stored (as stored, with defaults and timestamps, without `_id` and `__v` as the
 * repositories read records), or refused for a duplicate key.
 */
export type InsertOutcome<D> = { inserted: true; stored: D } | { inserted: false };

interface PendingInsert<D> {
  document: HydratedDocument<D>;
  refusal?: { code?: number; errmsg?: string };
}

/** One refused document of an unordered insertMany: the driver's WriteError, or mongoose's copy re-indexed to the input. */
interface WriteFailure {
  index?: number;
  code?: number;
  errmsg?: string;
  err?: { index?: number; code?: number; errmsg?: string };
}

/**
 * Inserts into one collection as a group commit (GroupCommitBatcher): the documents handed over while the previous
 * insert is under way go together in one unordered insertMany, so concurrent handlers (the partitions of a fetch,
 * HTTP requests) share one database command under load, and a lone document goes at once. Each caller learns what
 * became of its own document: stored, or refused for a duplicate key (a write-first handler's sign of a redelivery).
 * Any other refusal of a document fails its caller alone; a failed command fails every caller in it.
 */
export class GroupInsert<D, NewDocument = Omit<D, 'created_at' | 'updated_at'>> {
  private readonly batcher = new GroupCommitBatcher<PendingInsert<D>>((pending) => this.insertAll(pending));

  constructor(private readonly model: Model<D>) {}

  /** `document` as the caller builds it: by default all but the schema's timestamps, which the insert sets. */
  async insert(document: NewDocument): Promise<InsertOutcome<D>> {
    const pending: PendingInsert<D> = { document: new this.model(document) };
    await this.batcher.add(pending);
    const { refusal } = pending;
    if (refusal === undefined) {
      const { _id, __v, ...stored } = pending.document.toObject<D & { _id: unknown; __v?: number }>();
      return { inserted: true, stored: stored as D };
    }
    if (isDuplicateKeyError(refusal)) return { inserted: false };
    throw Object.assign(new Error(`insert into ${this.model.collection.name} refused: ${refusal.errmsg ?? 'no reason given'}`), {
      code: refusal.code,
    });
  }

  private async insertAll(pending: PendingInsert<D>[]): Promise<void> {
    try {
      await this.model.insertMany(
        pending.map(({ document }) => document),
        { ordered: false, throwOnValidationError: true },
      );
    } catch (error) {
      const failures = (error as { writeErrors?: WriteFailure[] }).writeErrors;
      if (!Array.isArray(failures) || failures.length === 0) throw error;
      for (const failure of failures) {
        const index = failure.index ?? failure.err?.index;
        if (index === undefined || pending[index] === undefined) throw error;
        pending[index].refusal = { code: failure.code ?? failure.err?.code, errmsg: failure.errmsg ?? failure.err?.errmsg };
      }
    }
  }
}
