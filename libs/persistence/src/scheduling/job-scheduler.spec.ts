import { JobScheduler, ScheduledJob, ScheduledJobStore } from './scheduled-jobs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const JOB: ScheduledJob = { key: 'job-1', kind: 'work', tenant: 'acme', due_at: new Date(0), payload: {}, attempts: 0 };

/** The store's calls, in order, with what each answers set by the test. */
class RecordingStore {
  calls: string[] = [];
  claimFails = false;
  claimTakesMs = 0;
  renewTakesMs = 0;

  async ready() {
    await sleep(30);
    this.calls.push('ready');
  }
  async dueJobs() {
    this.calls.push('dueJobs');
    return [JOB, { ...JOB, key: 'job-2' }];
  }
  async claim(job: ScheduledJob) {
    this.calls.push(`claim ${job.key}`);
    await sleep(this.claimTakesMs);
    if (this.claimFails) throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
    return { ...job, attempts: job.attempts + 1 };
  }
  async renew() {
    this.calls.push('renew started');
    await sleep(this.renewTakesMs);
    this.calls.push('renew finished');
    return true;
  }
  async complete(job: ScheduledJob) {
    this.calls.push(`complete ${job.key}`);
    return true;
  }
  async retryAt(job: ScheduledJob) {
    this.calls.push(`retry ${job.key}`);
  }
}

function schedulerOver(store: RecordingStore, handler: () => Promise<void>, warnings: string[] = [], leaseMs = 60_000) {
  return new JobScheduler(
    store as unknown as ScheduledJobStore,
    { work: handler },
    { owner: 'instance-a', leaseMs, batchSize: 10, now: () => new Date(), log: { warn: (_fields, message) => warnings.push(message) } },
  );
}

it('completes a job only after a renewal of its lease under way has finished', async () => {
  const store = new RecordingStore();
  store.renewTakesMs = 150;
  // a 300 ms lease is renewed every 100 ms: the handler's 250 ms see a renewal start, still under way when it ends
  const scheduler = schedulerOver(store, () => sleep(250).then(() => undefined), [], 300);

  await scheduler.runOnce();

  expect(store.calls).toContain('complete job-1');
  const beforeCompletion = store.calls.slice(0, store.calls.indexOf('complete job-1'));
  const renewals = (what: string) => beforeCompletion.filter((call) => call === what).length;
  expect(renewals('renew started')).toBeGreaterThanOrEqual(1);
  expect(renewals('renew finished')).toBe(renewals('renew started'));
});

it('ends the pass when a claim fails, with a warning that says so', async () => {
  const store = new RecordingStore();
  store.claimFails = true;
  const warnings: string[] = [];
  const scheduler = schedulerOver(store, async () => undefined, warnings);

  expect(await scheduler.runOnce()).toBe(0);

  expect(store.calls).toEqual(['dueJobs', 'claim job-1']);
  expect(warnings).toEqual(['scheduled job could not be claimed; will retry']);
});

it('looks for due jobs only once the unique indexes its claims rely on are built', async () => {
  const store = new RecordingStore();
  const scheduler = schedulerOver(store, async () => undefined);

  await scheduler.start(5);
  await sleep(20);
  await scheduler.stop();

  expect(store.calls.slice(0, 2)).toEqual(['ready', 'dueJobs']);
  expect(store.calls).toContain('complete job-2');
});

it('does not run a job whose claim took a third of its lease, which could end before the first renewal', async () => {
  const store = new RecordingStore();
  store.claimTakesMs = 40;
  const warnings: string[] = [];
  let handled = 0;
  const scheduler = schedulerOver(
    store,
    async () => {
      handled += 1;
    },
    warnings,
    90,
  );

  expect(await scheduler.runOnce()).toBe(0);

  expect(handled).toBe(0);
  expect(store.calls).toEqual(['dueJobs', 'claim job-1', 'claim job-2']);
  expect(warnings).toEqual([
    'scheduled job claimed too slowly to hold its lease; left to the next claim',
    'scheduled job claimed too slowly to hold its lease; left to the next claim',
  ]);
});
