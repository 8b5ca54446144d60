import mongoose, { Connection, Model } from 'mongoose';
import { databaseName, validateEnvironment } from '@followup/config';
import { Lease, LeaseRecord, LeaseSchema } from '@followup/persistence';

/** The lease outbox relays take, on the real MongoDB-compatible server: one holder at a time, takeover on expiry. */
const environment = validateEnvironment(process.env);
let connection: Connection;
let leases: Model<LeaseRecord>;

beforeAll(async () => {
  connection = await mongoose.createConnection(environment.MONGO_URL, { dbName: databaseName(environment, 'gateway') }).asPromise();
  leases = connection.model(LeaseRecord.name, LeaseSchema);
  await leases.init();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
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
