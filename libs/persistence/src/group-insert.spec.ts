import type { Model } from 'mongoose';
import { GroupInsert } from './group-insert';

interface Thing {
  key: string;
}

/** A model whose insertMany answers as the driver and mongoose do, recording each call's keys. */
function fakeModel(answer: (keys: string[]) => unknown) {
  const calls: string[][] = [];
  const model = function (this: unknown, document: Thing) {
    return { key: document.key, toObject: () => ({ _id: `id-${document.key}`, __v: 0, key: document.key, stored: true }) };
  } as unknown as Model<Thing>;
  Object.assign(model, {
    collection: { name: 'things' },
    insertMany: async (documents: Thing[]) => {
      const keys = documents.map(({ key }) => key);
      calls.push(keys);
      const error = answer(keys);
      if (error) throw error;
    },
  });
  return { model, calls };
}

describe('GroupInsert', () => {
  it('sends the documents handed over in one turn in one insertMany and answers each with its stored form, without _id and __v', async () => {
    const { model, calls } = fakeModel(() => undefined);
    const inserts = new GroupInsert(model);

    const outcomes = await Promise.all(['a', 'b', 'c'].map((key) => inserts.insert({ key })));

    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(outcomes).toEqual([
      { inserted: true, stored: { key: 'a', stored: true } },
      { inserted: true, stored: { key: 'b', stored: true } },
      { inserted: true, stored: { key: 'c', stored: true } },
    ]);
  });

  it('answers a duplicate key to its own caller only, as the driver reports it and as mongoose re-indexes it', async () => {
    // the driver's WriteError keeps code and index on `err`; mongoose spreads it into a plain object with `index` set
    const { model } = fakeModel(() =>
      Object.assign(new Error('E11000'), {
        code: 11000,
        writeErrors: [{ err: { index: 0, code: 11000 } }, { index: 2, err: { code: 11000 } }],
      }),
    );
    const inserts = new GroupInsert(model);

    const outcomes = await Promise.all(['a', 'b', 'c'].map((key) => inserts.insert({ key })));

    expect(outcomes).toEqual([{ inserted: false }, { inserted: true, stored: { key: 'b', stored: true } }, { inserted: false }]);
  });

  it('fails the caller whose document was refused for another reason, and no other', async () => {
    const { model } = fakeModel(() =>
      Object.assign(new Error('bulk'), { code: 121, writeErrors: [{ index: 1, code: 121, errmsg: 'Document failed validation' }] }),
    );
    const inserts = new GroupInsert(model);

    const [first, second] = await Promise.allSettled(['a', 'b'].map((key) => inserts.insert({ key })));

    expect(first).toEqual({ status: 'fulfilled', value: { inserted: true, stored: { key: 'a', stored: true } } });
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { message: 'insert into things refused: Document failed validation', code: 121 },
    });
  });

  it('fails every caller of a command that failed as a whole', async () => {
    const { model } = fakeModel(() => Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' }));
    const inserts = new GroupInsert(model);

    const settled = await Promise.allSettled(['a', 'b'].map((key) => inserts.insert({ key })));

    expect(settled.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'MongoNetworkError' });
  });
});
