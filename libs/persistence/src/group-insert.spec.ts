import type { Model } from 'mongoose';
import { GroupInsert } from './group-insert';

interface Thing {
  key: string;
  details?: Record<string, unknown>;
}

/**
 * A model that validates a document (a key `invalid` fails) and whose insertMany answers as `answer` says, recording
 * the keys of each call. Refusals are shaped as mongoose hands them on: the driver's error with `writeErrors`, each
 * re-indexed to the documents handed over, its code and message on `err`.
 */
function fakeModel(answer: (keys: string[]) => unknown, schemaOptions: Record<string, unknown> = {}) {
  const calls: string[][] = [];
  const options: Record<string, unknown> = { versionKey: '__v', ...schemaOptions };
  const model = {
    modelName: 'Thing',
    collection: { name: 'things' },
    schema: { get: (option: string) => options[option] },
    applyDefaults: (fields: Thing) => fields,
    validate: async (fields: Thing) => {
      if (fields.key === 'invalid') throw Object.assign(new Error('Thing validation failed: key'), { name: 'ValidationError' });
      return { _id: `id-${fields.key}`, ...fields };
    },
    applyTimestamps: (document: Record<string, unknown>) => document,
    insertMany: async (documents: Thing[]) => {
      const keys = documents.map(({ key }) => key);
      calls.push(keys);
      const error = answer(keys);
      if (error) throw error;
    },
  } as unknown as Model<Thing>;
  return { model, calls };
}

const refused = (code: number, ...indexes: number[]) =>
  Object.assign(new Error('bulk write'), {
    code,
    writeErrors: indexes.map((index) => ({
      index,
      err: { code, errmsg: code === 11000 ? 'E11000 duplicate key' : 'Document failed validation' },
    })),
  });

describe('GroupInsert', () => {
  it('sends the documents handed over in one turn in one insertMany and answers each with its stored form, without _id and __v', async () => {
    const { model, calls } = fakeModel(() => undefined);
    const inserts = new GroupInsert(model);

    const outcomes = await Promise.all(['a', 'b', 'c'].map((key) => inserts.insert({ key })));

    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(outcomes).toEqual([
      { inserted: true, stored: { key: 'a' } },
      { inserted: true, stored: { key: 'b' } },
      { inserted: true, stored: { key: 'c' } },
    ]);
  });

  it('answers a duplicate key to its own caller only', async () => {
    const { model } = fakeModel(() => refused(11000, 0, 2));
    const inserts = new GroupInsert(model);

    const outcomes = await Promise.all(['a', 'b', 'c'].map((key) => inserts.insert({ key })));

    expect(outcomes).toEqual([{ inserted: false }, { inserted: true, stored: { key: 'b' } }, { inserted: false }]);
  });

  it('fails the caller whose document was refused for another reason, and no other', async () => {
    const { model } = fakeModel(() => refused(121, 1));
    const inserts = new GroupInsert(model);

    const [first, second] = await Promise.allSettled(['a', 'b'].map((key) => inserts.insert({ key })));

    expect(first).toEqual({ status: 'fulfilled', value: { inserted: true, stored: { key: 'a' } } });
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { message: 'insert into things refused: Document failed validation', code: 121 },
    });
  });

  it('fails the caller of an invalid document before it joins a group, and stores the others', async () => {
    const { model, calls } = fakeModel(() => undefined);
    const inserts = new GroupInsert(model);

    const [valid, invalid] = await Promise.allSettled(['a', 'invalid'].map((key) => inserts.insert({ key })));

    expect(calls).toEqual([['a']]);
    expect(valid).toEqual({ status: 'fulfilled', value: { inserted: true, stored: { key: 'a' } } });
    expect(invalid).toMatchObject({ status: 'rejected', reason: { name: 'ValidationError' } });
  });

  it('tries an insert refused as a whole again a document at a time, failing only the document at fault', async () => {
    const { model, calls } = fakeModel((keys) =>
      keys.includes('huge') ? new Error('document is larger than the maximum size') : undefined,
    );
    const inserts = new GroupInsert(model);

    const [small, huge] = await Promise.allSettled(['small', 'huge'].map((key) => inserts.insert({ key })));

    expect(calls).toEqual([['small', 'huge'], ['small'], ['huge']]);
    expect(small).toEqual({ status: 'fulfilled', value: { inserted: true, stored: { key: 'small' } } });
    expect(huge).toMatchObject({ status: 'rejected', reason: { message: 'document is larger than the maximum size' } });
  });

  it('fails every caller when the database is away', async () => {
    const { model } = fakeModel(() => Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' }));
    const inserts = new GroupInsert(model);

    const settled = await Promise.allSettled(['a', 'b'].map((key) => inserts.insert({ key })));

    expect(settled.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'MongoNetworkError' });
  });

  it('leaves empty objects out as create does, unless the schema keeps them (minimize: false)', async () => {
    const details = { kept: 1, empty: {} };
    const minimizing = new GroupInsert(fakeModel(() => undefined).model);
    const keeping = new GroupInsert(fakeModel(() => undefined, { minimize: false }).model);

    expect(await minimizing.insert({ key: 'a', details })).toEqual({ inserted: true, stored: { key: 'a', details: { kept: 1 } } });
    expect(await keeping.insert({ key: 'b', details })).toEqual({ inserted: true, stored: { key: 'b', details: { kept: 1, empty: {} } } });
  });

  it('refuses a model whose schema is not strict: its extra fields would not be stored', () => {
    expect(() => new GroupInsert(fakeModel(() => undefined, { strict: false }).model)).toThrow(
      "GroupInsert keeps only the schema's paths: Thing is not strict",
    );
  });
});
