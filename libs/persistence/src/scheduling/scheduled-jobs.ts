import { Model } from 'mongoose';
import { GroupInsert } from '../group-insert';
import { isDuplicateKeyError } from '../mongo-errors';
import { RepeatingPass } from './repeating-pass';
import { ScheduledJobRecord, ScheduledJobRunRecord } from './scheduled-job.schema';

export type ScheduledJob = Pick<ScheduledJobRecord, 'key' | 'kind' | 'tenant' | 'due_at' | 'payload' | 'attempts'>;
export type NewJob = Pick<ScheduledJobRecord, 'key' | 'kind' | 'tenant' | 'due_at' | 'payload'>;

const UNCLAIMED = new Date(0);
const PROJECTION = { _id: 0, key: 1, kind: 1, tenant: 1, due_at: 1, payload: 1, attempts: 1 } as const;

/** The job as its run holds it: still pending at that run's number. */
const held = (job: ScheduledJob) => ({ key: job.key, status: 'pending', attempts: job.attempts });

/**
 * The `scheduled_jobs` collection: schedule once by key, claim a due job under a lease, finish it. A claimed job's
 * `attempts` is the number of its run, which identifies the holder in every later write (`lease_owner` only names it).
 */
export class ScheduledJobStore {
  private readonly inserts: GroupInsert<ScheduledJobRecord>;

  constructor(
    private readonly jobs: Model<ScheduledJobRecord>,
    private readonly runs: Model<ScheduledJobRunRecord>,
  ) {
    this.inserts = new GroupInsert(jobs);
  }

  /** Schedules a job; false when a job with that key exists already (scheduled, running or done). */
  async schedule(job: NewJob): Promise<boolean> {
    const scheduled = await this.inserts.insert({ ...job, status: 'pending', lease_owner: null, lease_until: UNCLAIMED, attempts: 0 });
    return scheduled.inserted;
  }

  /** Up to `limit` due jobs nobody holds (or whose holder's lease ran out), the earliest first: to claim, one by one. */
  async dueJobs(now: Date, limit: number): Promise<ScheduledJob[]> {
    return this.jobs
      .find({ status: 'pending', due_at: { $lte: now }, lease_until: { $lte: now } }, PROJECTION)
      .sort({ due_at: 1 })
      .limit(limit)
      .lean<ScheduledJob[]>()
      .exec();
  }

  /**
   * Claims a job found due for `owner` until `now + leaseMs` as its next run; null when another instance took that
   * run first, or the job's last holder finished it meanwhile. The run's insert under its unique key is the claim:
   * on FerretDB v1 a conditional update is a read and a write, and would let every instance that read the job take it.
   */
  async claim(job: ScheduledJob, owner: string, now: Date, leaseMs: number): Promise<ScheduledJob | null> {
    const run = job.attempts + 1;
    try {
      await this.runs.create({ job_key: job.key, run, owner, started_at: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    const update = await this.jobs
      .updateOne(
        { key: job.key, status: 'pending', attempts: job.attempts },
        { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs), attempts: run } },
      )
      .exec();
    return update.modifiedCount === 1 ? { ...job, attempts: run } : null;
  }

  /** Extends the lease of a claimed job that is still running; false when it is no longer held by that run. */
  async renew(job: ScheduledJob, until: Date): Promise<boolean> {
    const update = await this.jobs.updateOne(held(job), { $set: { lease_until: until } }).exec();
    return update.modifiedCount === 1;
  }

  /** Marks a claimed job done; false when its lease was lost to another instance meanwhile. */
  async complete(job: ScheduledJob, now: Date): Promise<boolean> {
    const update = await this.jobs
      .updateOne(held(job), { $set: { status: 'done', finished_at: now, lease_owner: null, lease_until: UNCLAIMED } })
      .exec();
    return update.modifiedCount === 1;
  }

  /** Gives a claimed job back to be tried again at `retryAt` after its handler failed. */
  async retryAt(job: ScheduledJob, retryAt: Date, errorName: string): Promise<void> {
    await this.jobs
      .updateOne(held(job), { $set: { lease_owner: null, lease_until: retryAt, due_at: retryAt, last_error: errorName } })
      .exec();
  }

  /** The tenant's jobs of `kind` not yet run whose payload holds these values. */
  async pendingWith(kind: string, tenant: string, payload: Record<string, string | boolean>): Promise<ScheduledJob[]> {
    const matching = Object.fromEntries(Object.entries(payload).map(([field, value]) => [`payload.${field}`, value]));
    return this.jobs
      .find({ kind, tenant, status: 'pending', ...matching }, PROJECTION)
      .lean<ScheduledJob[]>()
      .exec();
  }

  async find(key: string): Promise<(ScheduledJob & { status: string }) | null> {
    return this.jobs
      .findOne({ key }, { ...PROJECTION, status: 1 })
      .lean<ScheduledJob & { status: string }>()
      .exec();
  }
}

export type JobHandler = (job: ScheduledJob) => Promise<void>;

export interface JobSchedulerOptions {
  /** This instance, as it appears in `lease_owner`. */
  owner: string;
  leaseMs: number;
  /** Most jobs run in one pass, so a pass ends and a stop() is never held up for long. */
  batchSize: number;
  now: () => Date;
  log: { warn(fields: object, message: string): void };
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Runs due jobs: every interval (RepeatingPass, never two passes at once) it reads the due jobs and claims them one by
 * one, running the handler of each one it gets; while a handler runs its lease is renewed every third of it, so only an
 * instance that stopped (died) loses a job to another, when the lease runs out. A job whose handler fails is tried
 * again later (1 s, 2 s, 4 s, … up to 5 minutes). Handlers must be idempotent: a job may run again after a crash
 * between its work and its completion.
 */
export class JobScheduler {
  private readonly passes = new RepeatingPass(() => this.runDue(), 0);

  constructor(
    private readonly store: ScheduledJobStore,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: JobSchedulerOptions,
  ) {}

  start(intervalMs: number): void {
    this.passes.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass now (tests call it to avoid waiting for the interval); answers how many jobs finished. */
  runOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async runDue(): Promise<number> {
    const { owner, leaseMs, batchSize, now } = this.options;
    let finished = 0;
    try {
      for (const due of await this.store.dueJobs(now(), batchSize)) {
        const job = await this.store.claim(due, owner, now(), leaseMs);
        if (job && (await this.run(job))) finished += 1;
      }
    } catch (error) {
      this.options.log.warn(
        { error_name: (error as Error).name, error_code: (error as { code?: unknown }).code },
        'scheduled jobs could not be read; will retry',
      );
    }
    return finished;
  }

  /** Runs a claimed job under its renewed lease; true when it finished. */
  private async run(job: ScheduledJob): Promise<boolean> {
    const { now, log } = this.options;
    const lease = this.keepLease(job);
    try {
      const handler = this.handlers[job.kind];
      if (!handler) throw Object.assign(new Error('no handler'), { name: 'UnknownJobKind' });
      await handler(job);
      await lease.stop();
      await this.store.complete(job, now());
      return true;
    } catch (error) {
      await lease.stop();
      const name = (error as Error).name;
      const delay = Math.min(1000 * 2 ** Math.max(job.attempts - 1, 0), MAX_RETRY_DELAY_MS);
      log.warn({ job_kind: job.kind, attempts: job.attempts, error_name: name, retry_in_ms: delay }, 'scheduled job failed; will retry');
      await this.store.retryAt(job, new Date(now().getTime() + delay), name).catch(() => undefined);
      return false;
    }
  }

  /**
   * Renews the job's lease every third of it until stopped. `stop()` waits for a renewal under way: on FerretDB v1 an
   * update writes the whole document it read, so a renewal racing the completion could put the job back to pending.
   */
  private keepLease(job: ScheduledJob): { stop(): Promise<void> } {
    const { leaseMs, now, log } = this.options;
    let renewing: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(() =>
        this.store.renew(job, new Date(now().getTime() + leaseMs)).then(
          (renewed) => renewed || log.warn({ job_kind: job.kind, attempts: job.attempts }, 'scheduled job lost its lease while running'),
          () => undefined,
        ),
      );
    }, leaseMs / 3);
    return {
      stop: async () => {
        clearInterval(timer);
        await renewing;
      },
    };
  }
}
