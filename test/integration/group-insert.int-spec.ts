import mongoose, { Connection, Model, Schema } from 'mongoose';
import { databaseName, validateEnvironment } from '@followup/config';
import { GroupInsert } from '@followup/persistence';

/**
 * GroupInsert on the real MongoDB-compatible server: concurrent inserts go in one unordered insertMany, each caller
 * learns whether its own document was stored, and what is stored is what `create` stored (defaults, timestamps).
 */
const environment = validateEnvironment({
  ...process.env,
  MONGO_DB_PREFIX: `${process.env.MONGO_DB_PREFIX ?? ''}group_insert_${Date.now()}_`,
});

interface Thing {
  key: string;
  size: number;
  state: string;
  created_at?: Date;
}

const ThingSchema = new Schema<Thing>(
  { key: { type: String, required: true }, size: { type: Number, required: true }, state: { type: String, default: 'new' } },
  { collection: 'things', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);
ThingSchema.index({ key: 1 }, { unique: true });

let connection: Connection;
let things: Model<Thing>;
const inserts: string[] = [];

beforeAll(async () => {
  connection = await mongoose
    .createConnection(environment.MONGO_URL, { dbName: databaseName(environment, 'gateway'), monitorCommands: true })
    .asPromise();
  connection.getClient().on('commandStarted', ({ commandName, command }) => {
    if (commandName === 'insert') inserts.push(`${command.documents.length} ordered=${command.ordered}`);
  });
  things = connection.model('Thing', ThingSchema);
  await things.init();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

it('stores concurrent inserts with one command, and answers the duplicates of a stored key and of each other to their callers only', async () => {
  const group = new GroupInsert(things);
  await group.insert({ key: 'stored-before', size: 1, state: 'old' });
  inserts.length = 0;

  const outcomes = await Promise.all([
    group.insert({ key: 'one', size: 2 } as Thing),
    group.insert({ key: 'stored-before', size: 3 } as Thing),
    group.insert({ key: 'two', size: 4 } as Thing),
    group.insert({ key: 'two', size: 5 } as Thing),
  ]);

  expect(inserts).toEqual(['4 ordered=false']);
  expect(outcomes.map(({ inserted }) => inserted)).toEqual([true, false, true, false]);
  const stored = await things.find({}, { _id: 0, key: 1, size: 1, state: 1 }).sort({ key: 1 }).lean().exec();
  expect(stored).toEqual([
    { key: 'one', size: 2, state: 'new' },
    { key: 'stored-before', size: 1, state: 'old' },
    { key: 'two', size: 4, state: 'new' },
  ]);
  const first = outcomes[0];
  expect(first.inserted && first.stored).toMatchObject({ key: 'one', size: 2, state: 'new', created_at: expect.any(Date) });
});
