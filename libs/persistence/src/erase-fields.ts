import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import { blankedTexts, valueAt } from './blanked-texts';
import { isDuplicateKeyError } from './mongo-errors';

export interface ErasedFields {
  /** Paths whose string becomes the replacement (absent fields stay absent). */
  blank?: readonly string[];
  /** Paths unset. */
  remove?: readonly string[];
  /**
   * Fields holding a JSON text (an event kept as it was published), each with the paths inside it to blank: the
   * text is decoded, those strings replaced, and the JSON written back.
   */
  blankInJson?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Erasure's one way of removing texts and contact details in place, so a document keeps its identity and
 * version: in the documents `filter` matches, each of `blank` that holds a string becomes `replacement`, each of
 * `remove` is unset, and the texts at `blankInJson`'s paths inside a JSON field are blanked. Returns per
 * `<collection>.<path>` (`<collection>.<field>` for a JSON field) how many documents changed; a second run changes none.
 */
export async function eraseFields<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  fields: ErasedFields,
  replacement: string,
): Promise<Record<string, number>> {
  const collection = model.collection.collectionName;
  const changed: Record<string, number> = {};
  const apply = async (path: string, match: object, update: UpdateQuery<T>) => {
    const result = await model.updateMany({ ...filter, [path]: match } as FilterQuery<T>, update).exec();
    changed[`${collection}.${path}`] = result.modifiedCount;
  };
  for (const path of fields.blank ?? []) {
    await apply(path, { $type: 'string', $ne: replacement }, { $set: { [path]: replacement } } as UpdateQuery<T>);
  }
  for (const path of fields.remove ?? []) {
    await apply(path, { $exists: true }, { $unset: { [path]: 1 } } as UpdateQuery<T>);
  }
  for (const [field, paths] of Object.entries(fields.blankInJson ?? {})) {
    changed[`${collection}.${field}`] = await blankInJson(model, filter, field, paths, replacement);
  }
  return changed;
}

/** Blanks the texts at `paths` inside the JSON text at `field` of each matching document; returns how many changed. */
async function blankInJson<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  field: string,
  paths: readonly string[],
  replacement: string,
): Promise<number> {
  const documents = await model
    .find({ ...filter, [field]: { $type: 'string' } } as FilterQuery<T>, { _id: 1, [field]: 1 })
    .lean<Record<string, unknown>[]>()
    .exec();
  let changed = 0;
  for (const document of documents) {
    const json = valueAt(document, field.split('.')) as string;
    const decoded = JSON.parse(json) as object;
    const blanked = blankedTexts(decoded, paths, replacement);
    if (Object.keys(blanked).length === 0) continue;
    const result = await model
      .updateOne(
        // only the text read: one written meanwhile is a newer decision, not to be replaced by this copy
        { _id: document._id, [field]: json } as FilterQuery<T>,
        { $set: { [field]: JSON.stringify({ ...decoded, ...blanked }) } } as UpdateQuery<T>,
      )
      .exec();
    changed += result.modifiedCount;
  }
  return changed;
}

/**
 * Marks the document `key` names as erased for good (`marker`, such as erasure's ERASED_VERSION or an erasure time),
 * inserting `marker` with `tombstone` where there is none yet, so a writer that skips marked documents never fills it
 * again, whichever version of the lead is still on its way. `unmarked` matches a document without the mark. Returns
 * `{ '<collection>.<marker field>': n }`, n the documents changed (0 on a second run).
 */
export async function markErased<T>(
  model: Model<T>,
  key: FilterQuery<T>,
  unmarked: FilterQuery<T>,
  marker: Partial<T>,
  tombstone: Partial<T>,
): Promise<Record<string, number>> {
  const filter = { ...key, ...unmarked } as FilterQuery<T>;
  let changed: number;
  try {
    const update = { $set: marker, ...(Object.keys(tombstone).length > 0 ? { $setOnInsert: tombstone } : {}) } as UpdateQuery<T>;
    const result = await model.updateOne(filter, update, { upsert: true }).exec();
    changed = result.modifiedCount + result.upsertedCount;
  } catch (error) {
    // marked already (the upsert tried to insert a second one), or inserted meanwhile by another writer
    if (!isDuplicateKeyError(error)) throw error;
    changed = (await model.updateOne(filter, { $set: marker } as UpdateQuery<T>).exec()).modifiedCount;
  }
  return Object.fromEntries(Object.keys(marker).map((field) => [`${model.collection.collectionName}.${field}`, changed]));
}
