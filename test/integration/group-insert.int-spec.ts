import { Model, Schema } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { scratchDatabase } from '../support/scratch-database';

/**
 * GroupInsert on the real MongoDB-compatible server: concurrent inserts go in one unordered insertMany, each caller
 * learns whether its own document was stored, and what is stored is what `Model.create` stores.
 */
const scratch = scratchDatabase('group_insert', 'gateway', { monitorCommands: true });

interface Thing {
  key: string;
  size: number;
  state: string;
  details?: Record<string, unknown>;
  owner?: string | null;
  note?: string | null;
  created_at?: Date;
}

const ThingSchema = new Schema<Thing>(
  {
    key: { type: String, required: true },
    size: { type: Number, required: true },
    state: { type: String, default: 'new' },
    details: Schema.Types.Mixed,
    owner: { type: String, default: null },
    note: String,
  },
  { collection: 'things', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);
ThingSchema.index({ key: 1 }, { unique: true });

let things: Model<Thing>;
const inserts: string[] = [];

beforeAll(async () => {
  scratch.connection.getClient().on('commandStarted', ({ commandName, command }) => {
    if (commandName === 'insert') inserts.push(`${command.documents.length} ordered=${command.ordered}`);
  });
  things = scratch.connection.model('Thing', ThingSchema);
  await things.init();
});

it('stores concurrent inserts with one command, answers the duplicates of a stored key and of each other to their callers only, and fails an invalid document alone', async () => {
  const group = new GroupInsert(things);
  await group.insert({ key: 'stored-before', size: 1, state: 'old' });
  inserts.length = 0;

  const outcomes = await Promise.allSettled([
    group.insert({ key: 'one', size: 2 } as Thing),
    group.insert({ key: 'stored-before', size: 3 } as Thing),
    group.insert({ key: 'two', size: 4 } as Thing),
    group.insert({ key: 'two', size: 5 } as Thing),
    group.insert({ key: 'no-size' } as Thing),
  ]);

  expect(inserts).toEqual(['4 ordered=false']);
  expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.inserted : outcome.reason.name))).toEqual([
    true,
    false,
    true,
    false,
    'ValidationError',
  ]);
  const stored = await things.find({}, { _id: 0, key: 1, size: 1, state: 1 }).sort({ key: 1 }).lean().exec();
  expect(stored).toEqual([
    { key: 'one', size: 2, state: 'new' },
    { key: 'stored-before', size: 1, state: 'old' },
    { key: 'two', size: 4, state: 'new' },
  ]);
});

it('stores a document as Model.create does: defaults, version key, timestamps, nulls, and no empty objects', async () => {
  const group = new GroupInsert(things);
  const before = new Date();
  const details = { kept: 1, empty: {}, nested: { empty: {} }, list: [{}] };

  await group.insert({ key: 'grouped', size: 6, details, note: null } as unknown as Thing);
  await things.create({ key: 'created', size: 6, details, note: null });

  const [created, grouped] = await things
    .find({ key: { $in: ['grouped', 'created'] } }, { _id: 0 })
    .sort({ key: 1 })
    .lean()
    .exec();
  expect(Object.keys(grouped).sort()).toEqual(Object.keys(created).sort());
  expect(grouped).toMatchObject({ key: 'grouped', size: 6, state: 'new', owner: null, note: null, __v: 0 });
  expect(grouped.details).toEqual({ kept: 1, list: [{}] });
  expect(created.details).toEqual(grouped.details);
  expect(details).toEqual({ kept: 1, empty: {}, nested: { empty: {} }, list: [{}] });
  expect(grouped.created_at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
});
