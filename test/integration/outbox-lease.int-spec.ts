import { Model, Schema } from 'mongoose';
import { Topics } from '@followup/contracts';
import { CollectionOutbox, OUTBOX_CLEARED, OutboxFields, OutboxMessage, outboxMarker, withOutbox } from '@followup/messaging';
import { Lease, LeaseRecord, LeaseSchema } from '@followup/persistence';
import { scratchDatabase } from '../support/scratch-database';

/**
 * The lease outbox relays take, on the real MongoDB-compatible server: one holder at a time, takeover on expiry;
 * and the relay's query, which an index serves.
 */
const scratch = scratchDatabase('outbox_lease', 'gateway');
let leases: Model<LeaseRecord>;

beforeAll(async () => {
  leases = scratch.connection.model(LeaseRecord.name, LeaseSchema);
  await leases.init();
});

it('lets one instance hold it, renews it for that instance, and hands it over when it lapses or is released', async () => {
  let now = new Date('2026-12-02T10:00:00.000Z');
  const clock = () => now;
  const first = new Lease(leases, 'relay', 'instance-a', 3_000, clock);
  const second = new Lease(leases, 'relay', 'instance-b', 3_000, clock);

  expect(await first.hold()).toBe(true);
  expect(await second.hold()).toBe(false);

  now = new Date('2026-12-02T10:00:02.000Z'); // within the first's 3 s
  expect(await first.hold()).toBe(true); // renewed until 10:00:05
  now = new Date('2026-12-02T10:00:04.000Z');
  expect(await second.hold()).toBe(false);

  now = new Date('2026-12-02T10:00:05.000Z'); // the first stopped renewing: lapsed
  expect(await second.hold()).toBe(true);
  expect(await first.hold()).toBe(false);

  await second.release();
  expect(await first.hold()).toBe(true);
  expect(await leases.countDocuments({ name: 'relay' })).toBe(1);
});

describe('the outbox relay query', () => {
  interface Thing extends OutboxFields {
    thing_id: string;
  }
  let things: Model<Thing>;

  beforeAll(async () => {
    things = scratch.connection.model<Thing>(
      'OutboxThing',
      withOutbox(new Schema<Thing>({ thing_id: String }, { collection: 'outbox_things' })),
    );
    await things.init();
  });

  function message(eventId: string): OutboxMessage {
    return { topic: Topics.LeadUpserted, key: 'lead-1', event: { event_id: eventId, request_id: 'req-1' } };
  }

  it('is served by the outbox index, finds only markers older than the cut-off, and clears only the marker it published', async () => {
    const old = new Date('2026-12-02T09:00:00.000Z');
    const recent = new Date('2026-12-02T10:00:00.000Z');
    await things.create([
      { thing_id: 'old', ...outboxMarker([message('e-old-1'), message('e-old-2')], old) },
      { thing_id: 'recent', ...outboxMarker([message('e-recent')], recent) },
      { thing_id: 'published', ...OUTBOX_CLEARED },
      ...Array.from({ length: 50 }, (_, index) => ({ thing_id: `plain-${index}` })),
    ]);
    const source = new CollectionOutbox(things);

    const plan = JSON.stringify(
      await scratch.connection.db!.command({
        explain: { find: 'outbox_things', filter: { outbox_pending: true, outbox_at: { $lt: new Date('2026-12-02T09:30:00.000Z') } } },
      }),
    );
    expect(plan).toMatch(/IXSCAN|Index Scan/); // MongoDB's plan stage, or PostgreSQL's under FerretDB

    const due = await source.findDue(new Date('2026-12-02T09:30:00.000Z'), 10);
    expect(due.map((document) => document.messages.map((m) => m.event.event_id))).toEqual([['e-old-1', 'e-old-2']]);

    // a newer marker written after the relay read the old one stays
    await things.updateOne({ thing_id: 'old' }, { $set: outboxMarker([message('e-old-3')], recent) });
    await due[0].clear();
    expect(await things.findOne({ thing_id: 'old' }).lean()).toMatchObject({ outbox_pending: true, outbox: [message('e-old-3')] });

    await source.clear({ thing_id: 'old' }, [message('e-old-3')]);
    expect(await things.findOne({ thing_id: 'old' }).lean()).toMatchObject({ outbox_pending: false, outbox: null });
  });
});
