import type { FilterQuery, Model } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * Writes `row` for the record `key` names unless the stored one is as new or newer by `field` (a version, a
 * change time), so redelivered or reordered events never roll a record back. Needs a unique index over `key`'s
 * fields: a newer stored record makes the upsert insert, which that index refuses. True when written.
 */
export async function upsertIfNewer<T>(model: Model<T>, key: FilterQuery<T>, field: keyof T & string, row: Partial<T>): Promise<boolean> {
  try {
    const update = await model
      .updateOne({ ...key, [field]: { $lt: row[field] } } as FilterQuery<T>, { $set: row }, { upsert: true })
      .exec();
    return update.modifiedCount + update.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
