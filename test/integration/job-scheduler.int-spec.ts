import { Model } from 'mongoose';
import {
  JobScheduler,
  ScheduledJob,
  ScheduledJobRecord,
  ScheduledJobRunRecord,
  ScheduledJobRunSchema,
  ScheduledJobSchema,
  ScheduledJobStore,
} from '@followup/persistence';
import { scratchDatabase } from '../support/scratch-database';

/**
 * The one scheduler's claims on the real MongoDB-compatible server, as several instances make them. FerretDB v1
 * applies an update as a read and a write: a conditional `findOneAndUpdate` lets every instance that reads the job
 * before the first write take it.
 */
const scratch = scratchDatabase('job_scheduler', 'delivery');
let jobs: Model<ScheduledJobRecord>;
let runs: Model<ScheduledJobRunRecord>;

beforeAll(async () => {
  jobs = scratch.connection.model(ScheduledJobRecord.name, ScheduledJobSchema);
  runs = scratch.connection.model(ScheduledJobRunRecord.name, ScheduledJobRunSchema);
  await Promise.all([jobs.init(), runs.init()]);
});

beforeEach(async () => {
  await Promise.all([jobs.deleteMany({}), runs.deleteMany({})]);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { warn: () => undefined };

function scheduler(owner: string, leaseMs: number, handler: (job: ScheduledJob) => Promise<void>): JobScheduler {
  return new JobScheduler(
    new ScheduledJobStore(jobs, runs),
    { work: handler },
    { owner, leaseMs, batchSize: 50, now: () => new Date(), log: quiet },
  );
}

/** A job's claimed runs, in order: `number owner`. */
async function runsOf(key: string): Promise<string[]> {
  return (await runs.find({ job_key: key }).sort({ run: 1 }).lean()).map(({ run, owner }) => `${run} ${owner}`);
}

async function scheduleDue(count: number): Promise<string[]> {
  const store = new ScheduledJobStore(jobs, runs);
  const keys = Array.from({ length: count }, (_, index) => `job-${index}`);
  const due = new Date(Date.now() - 1_000);
  for (const key of keys) await store.schedule({ key, kind: 'work', tenant: 'acme', due_at: due, payload: {} });
  return keys;
}

it('runs each due job once when four instances look for due jobs at the same moment', async () => {
  const keys = await scheduleDue(30);
  const ran: string[] = [];
  const instances = ['a', 'b', 'c', 'd'].map((owner) =>
    scheduler(owner, 60_000, async (job) => {
      ran.push(job.key);
      await sleep(5);
    }),
  );

  for (let pass = 0; pass < 10 && (await jobs.countDocuments({ status: 'pending' })) > 0; pass += 1)
    await Promise.all(instances.map((instance) => instance.runOnce()));

  expect(await jobs.countDocuments({ status: 'pending' })).toBe(0);
  expect([...ran].sort()).toEqual([...keys].sort());
});

it('keeps the lease of a job while its handler runs, so another instance does not run it again', async () => {
  await scheduleDue(1);
  let runsStarted = 0;
  let started!: () => void;
  const slowStarted = new Promise<void>((resolve) => (started = resolve));
  const slow = scheduler('slow', 1_500, async () => {
    runsStarted += 1;
    started();
    await sleep(4_000);
  });
  const other = scheduler('other', 1_500, async () => {
    runsStarted += 1;
  });

  const slowPass = slow.runOnce();
  await slowStarted;
  for (let look = 0; look < 38; look += 1) {
    await sleep(100);
    await other.runOnce();
  }
  expect(await slowPass).toBe(1);

  expect(runsStarted).toBe(1);
  expect(await jobs.findOne({ key: 'job-0' }).lean()).toMatchObject({ status: 'done', attempts: 1, lease_owner: null });
});

it('hands a job over once its holder stops renewing the lease (the instance died), and the late holder cannot finish it', async () => {
  await scheduleDue(1);
  const store = new ScheduledJobStore(jobs, runs);
  const [due] = await store.dueJobs(new Date(), 10);
  const dead = await store.claim(due, 'dead', new Date(), 300);
  expect(dead).toMatchObject({ key: 'job-0', attempts: 1 });

  const ran: string[] = [];
  const survivor = scheduler('survivor', 60_000, async (job) => {
    ran.push(`${job.key} run ${job.attempts}`);
    ran.push(`the dead holder's completion: ${await store.complete(dead!, new Date())}`);
  });
  await sleep(400);
  expect(await survivor.runOnce()).toBe(1);

  expect(ran).toEqual(['job-0 run 2', "the dead holder's completion: false"]);
  expect(await jobs.findOne({ key: 'job-0' }).lean()).toMatchObject({ status: 'done', attempts: 2, lease_owner: null });
  expect(await runsOf('job-0')).toEqual(['1 dead', '2 survivor']);
});

it('writes a run whose claimer stopped before writing it onto the job once its lease is over, and claims past it', async () => {
  await scheduleDue(1);
  // the claim's first write made, the second never (the instance stopped in between)
  await runs.create({ job_key: 'job-0', run: 1, owner: 'stopped', started_at: new Date() });
  const ran: string[] = [];
  const survivor = scheduler('survivor', 60_000, async (job) => {
    ran.push(`${job.key} run ${job.attempts}`);
  });

  expect(await survivor.runOnce()).toBe(0); // that run's claimer may still be writing it
  expect(await jobs.findOne({ key: 'job-0' }).lean()).toMatchObject({ attempts: 0 });

  const startedAt = new Date(Date.now() - 61_000);
  await runs.updateOne({ job_key: 'job-0', run: 1 }, { $set: { started_at: startedAt } }); // its lease over
  expect(await survivor.runOnce()).toBe(0);
  // written as its claimer would have: its number, its owner, its lease's end (past)
  expect(await jobs.findOne({ key: 'job-0' }).lean()).toMatchObject({
    status: 'pending',
    attempts: 1,
    lease_owner: 'stopped',
    lease_until: new Date(startedAt.getTime() + 60_000),
  });
  expect(await survivor.runOnce()).toBe(1);

  expect(ran).toEqual(['job-0 run 2']);
  expect(await jobs.findOne({ key: 'job-0' }).lean()).toMatchObject({ status: 'done', attempts: 2 });
  expect(await runsOf('job-0')).toEqual(['1 stopped', '2 survivor']);
});

it('gives back the run of a claim made on a job that moved on since it was read', async () => {
  await scheduleDue(1);
  const store = new ScheduledJobStore(jobs, runs);
  const [readEarly] = await store.dueJobs(new Date(), 10);
  const holder = await store.claim(readEarly, 'holder', new Date(), 60_000);
  await store.retryAt(holder!, new Date(Date.now() + 60_000), 'SMS_TIMEOUT'); // run 1 failed: due again in a minute
  const [readLater] = await jobs.find({ key: 'job-0' }).lean();

  expect(await store.claim(readEarly, 'stale', new Date(), 60_000)).toBeNull(); // run 1 is the holder's
  expect(await store.claim({ ...readEarly, attempts: readLater.attempts }, 'too-soon', new Date(), 60_000)).toBeNull(); // not due yet

  expect(await runsOf('job-0')).toEqual(['1 holder']);
  const due = { ...readEarly, attempts: readLater.attempts };
  expect(await store.claim(due, 'next', new Date(Date.now() + 61_000), 60_000)).toMatchObject({ key: 'job-0', attempts: 2 });
  expect(await runsOf('job-0')).toEqual(['1 holder', '2 next']);
});
