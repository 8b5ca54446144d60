import { Model, Schema } from 'mongoose';
import { GroupUpdate } from '@followup/persistence';
import { scratchDatabase } from '../support/scratch-database';

/**
 * GroupUpdate on the real MongoDB-compatible server: concurrent conditional updates go in one unordered update
 * command, each caller learns that its update matched only when every update of its group did, and an update is
 * written as `Model.updateOne` writes it.
 */
const scratch = scratchDatabase('group_update', 'gateway', { monitorCommands: true });

interface Counter {
  key: string;
  version?: number | null;
  size?: number;
  label?: string;
  details?: Record<string, unknown>;
  updated_at?: Date;
}

const CounterSchema = new Schema<Counter>(
  { key: { type: String, required: true }, version: Number, size: Number, label: String, details: Schema.Types.Mixed },
  { collection: 'counters', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);
CounterSchema.index({ key: 1 }, { unique: true });

let counters: Model<Counter>;
/** Each update command: how many updates it carried, and whether ordered. */
const updateCommands: string[] = [];

beforeAll(async () => {
  scratch.connection.getClient().on('commandStarted', ({ commandName, command }) => {
    if (commandName === 'update') updateCommands.push(`${command.updates.length} ordered=${command.ordered}`);
  });
  counters = scratch.connection.model('Counter', CounterSchema);
  await counters.init();
});

beforeEach(async () => {
  await counters.deleteMany({}).exec();
  await counters.insertMany(['a', 'b', 'c'].map((key) => ({ key, version: 1, size: 0 })));
  updateCommands.length = 0;
});

const stepUp = (group: GroupUpdate<Counter>, key: string, from: number, size: number) =>
  group.updateOne({ key, version: from }, { $set: { version: from + 1, size } });

const stored = () => counters.find({}, { _id: 0, key: 1, version: 1, size: 1 }).sort({ key: 1 }).lean().exec();

it('writes the updates handed over while one is under way with one command, and tells each caller its update matched when all did', async () => {
  const group = new GroupUpdate(counters);
  const first = stepUp(group, 'a', 1, 10);
  // handed over while the first is under way: these two go together
  await new Promise((resolve) => setImmediate(resolve));
  const answers = await Promise.all([first, stepUp(group, 'b', 1, 20), stepUp(group, 'c', 1, 30)]);

  expect(answers).toEqual([true, true, true]);
  expect(updateCommands).toEqual(['1 ordered=true', '2 ordered=false']);
  expect(await stored()).toEqual([
    { key: 'a', version: 2, size: 10 },
    { key: 'b', version: 2, size: 20 },
    { key: 'c', version: 2, size: 30 },
  ]);
});

it('answers false to every caller of a group in which one update missed, and writes the ones that matched', async () => {
  const group = new GroupUpdate(counters);
  const answers = await Promise.all([stepUp(group, 'a', 1, 10), stepUp(group, 'b', 7, 20), stepUp(group, 'c', 1, 30)]);

  expect(updateCommands).toEqual(['3 ordered=false']);
  expect(answers).toEqual([false, false, false]);
  expect(await stored()).toEqual([
    { key: 'a', version: 2, size: 10 },
    { key: 'b', version: 1, size: 0 },
    { key: 'c', version: 2, size: 30 },
  ]);
});

it('answers false to both writers of one step of a document in one group, and writes that step once', async () => {
  const group = new GroupUpdate(counters);
  const answers = await Promise.all([stepUp(group, 'a', 1, 10), stepUp(group, 'a', 1, 11), stepUp(group, 'b', 1, 20)]);

  expect(updateCommands).toEqual(['3 ordered=false']);
  expect(answers).toEqual([false, false, false]);
  const [a, b] = await stored();
  expect(a.version).toBe(2);
  expect([10, 11]).toContain(a.size);
  expect(b).toEqual({ key: 'b', version: 2, size: 20 });
});

it('casts a grouped update as a lone one: a filter on a missing version, a cast number, a null, a nested object, $unset', async () => {
  await counters.collection.updateMany({}, { $set: { label: 'old' }, $unset: { version: '' } });
  updateCommands.length = 0;
  const group = new GroupUpdate(counters);
  const change = (key: string) =>
    group.updateOne(
      { key, version: { $in: [0, null] } },
      { $set: { version: 1, size: '7' as unknown as number, details: { kind: 'x', at: null } }, $unset: { label: 1 } },
    );
  expect(await change('a')).toBe(true);
  expect(await Promise.all([change('b'), change('c')])).toEqual([true, true]);

  expect(updateCommands).toEqual(['1 ordered=true', '2 ordered=false']);
  const written = await counters.find({}, { _id: 0, __v: 0, updated_at: 0, created_at: 0 }).sort({ key: 1 }).lean().exec();
  expect(written).toEqual(['a', 'b', 'c'].map((key) => ({ key, version: 1, size: 7, details: { kind: 'x', at: null } })));
});

it('answers a lone update exactly: true when it matched, false when it did not', async () => {
  const group = new GroupUpdate(counters);

  expect(await stepUp(group, 'a', 1, 10)).toBe(true);
  expect(await stepUp(group, 'a', 1, 11)).toBe(false);
  expect(updateCommands).toEqual(['1 ordered=true', '1 ordered=true']);
  expect((await stored())[0]).toEqual({ key: 'a', version: 2, size: 10 });
});

it('fails an update the schema cannot cast to its own caller only; the others are written and answer false', async () => {
  const group = new GroupUpdate(counters);
  const answers = await Promise.allSettled([
    stepUp(group, 'a', 1, 10),
    group.updateOne({ key: 'b', version: 1 }, { $set: { size: 'twenty' as unknown as number } }),
    stepUp(group, 'c', 1, 30),
  ]);

  expect(answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : (answer.reason as Error).name))).toEqual([
    false,
    'CastError',
    false,
  ]);
  expect(await stored()).toEqual([
    { key: 'a', version: 2, size: 10 },
    { key: 'b', version: 1, size: 0 },
    { key: 'c', version: 2, size: 30 },
  ]);
});

it("sets the schema's updated_at as Model.updateOne does, alone and in a group", async () => {
  const longAgo = new Date('2020-01-01T00:00:00Z');
  await counters.collection.updateMany({}, { $set: { updated_at: longAgo } });
  updateCommands.length = 0;
  const group = new GroupUpdate(counters);
  const before = new Date(Date.now() - 1000);
  await stepUp(group, 'a', 1, 10);
  await Promise.all([stepUp(group, 'b', 1, 20), stepUp(group, 'c', 1, 30)]);

  expect(updateCommands).toEqual(['1 ordered=true', '2 ordered=false']);
  const stamps = await counters.find({}, { _id: 0, updated_at: 1 }).lean().exec();
  expect(stamps).toHaveLength(3);
  for (const { updated_at } of stamps) expect(updated_at!.getTime()).toBeGreaterThanOrEqual(before.getTime());
});
