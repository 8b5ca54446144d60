import type { FilterQuery, Model, UpdateQuery } from 'mongoose';

/**
 * Erasure's one way of removing texts and contact details in place, so a document keeps its identity and
 * version: in the documents `filter` matches, each of `blank` that holds a string becomes `replacement`
 * (absent fields stay absent) and each of `remove` is unset. Returns per `<collection>.<path>` how many
 * documents changed; a second run changes none.
 */
export async function eraseFields<T>(
  model: Model<T>,
  filter: FilterQuery<T>,
  fields: { blank?: readonly string[]; remove?: readonly string[] },
  replacement: string,
): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  const apply = async (path: string, match: object, update: UpdateQuery<T>) => {
    const result = await model.updateMany({ ...filter, [path]: match } as FilterQuery<T>, update).exec();
    changed[`${model.collection.collectionName}.${path}`] = result.modifiedCount;
  };
  for (const path of fields.blank ?? []) {
    await apply(path, { $type: 'string', $ne: replacement }, { $set: { [path]: replacement } } as UpdateQuery<T>);
  }
  for (const path of fields.remove ?? []) {
    await apply(path, { $exists: true }, { $unset: { [path]: 1 } } as UpdateQuery<T>);
  }
  return changed;
}
