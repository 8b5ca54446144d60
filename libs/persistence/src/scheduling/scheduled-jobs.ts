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

type RunClaim = Pick<ScheduledJobRunRecord, 'owner' | 'started_at'>;

/** Due and held by nobody, or by a run whose lease ran out. */
const dueAt = (now: Date) => ({ status: 'pending', due_at: { $lte: now }, lease_until: { $lte: now } });

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

  /** The unique indexes a claim relies on, built: to await before the first claim. */
  async ready(): Promise<void> {
    await Promise.all([this.jobs.init(), this.runs.init()]);
  }

  /** Up to `limit` due jobs nobody holds (or whose holder's lease ran out), the earliest first: to claim, one by one. */
  async dueJobs(now: Date, limit: number): Promise<ScheduledJob[]> {
    return this.jobs.find(dueAt(now), PROJECTION).sort({ due_at: 1 }).limit(limit).lean<ScheduledJob[]>().exec();
  }

  /**
   * Claims a job found due for `owner` until `now + leaseMs` as its next run; null when another instance took that
   * run first, or the job is no longer due at the number read (its holder renewed or finished it meanwhile). The run's
   * insert under its unique key is the claim: on FerretDB v1 a conditional update is a read and a write, and would let
   * every instance that read the job take it.
   *
   * A run claimed and never written onto the job (its claimer stopped between the two writes, or is that slow) is
   * written onto it as that claimer would have, once its lease has run out: the job is then due at that number, for
   * the next pass to claim the number after it. Two writers of it write the same values, so neither undoes the other.
   */
  async claim(job: ScheduledJob, owner: string, now: Date, leaseMs: number): Promise<ScheduledJob | null> {
    const run = job.attempts + 1;
    const dueAtRead = { key: job.key, attempts: job.attempts, ...dueAt(now) };
    try {
      await this.runs.create({ job_key: job.key, run, owner, started_at: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const taken = await this.runs.findOne({ job_key: job.key, run }, { _id: 0, owner: 1, started_at: 1 }).lean<RunClaim>().exec();
      const leaseEnd = taken && new Date(taken.started_at.getTime() + leaseMs);
      if (leaseEnd && leaseEnd <= now)
        await this.jobs.updateOne(dueAtRead, { $set: { lease_owner: taken.owner, lease_until: leaseEnd, attempts: run } }).exec();
      return null;
    }
    const update = await this.jobs
      .updateOne(dueAtRead, { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs), attempts: run } })
      .exec();
    if (update.modifiedCount === 1) return { ...job, attempts: run };
    // the job moved on since it was read: the run is given back, so no claim of that number waits for its lease
    await this.runs.deleteOne({ job_key: job.key, run, owner }).exec();
    return null;
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
 * one, running the handler of each one it gets. While a handler runs its lease is renewed every third of it; another
 * instance takes the job over only once the lease lapses: its instance died, its renewals failed or hung (the database
 * out of reach), or the clock moved past it. A run that lost its lease is warned of, not stopped, so handlers must be
 * idempotent, also against a second run at the same moment after such a lapse. A job whose handler fails is tried
 * again later (1 s, 2 s, 4 s, … up to 5 minutes, by run number).
 */
export class JobScheduler {
  private readonly passes = new RepeatingPass(() => this.runDue(), 0);

  constructor(
    private readonly store: ScheduledJobStore,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: JobSchedulerOptions,
  ) {}

  /** Starts the passes once the store's unique indexes exist (a claim without them is no claim). */
  async start(intervalMs: number): Promise<void> {
    await this.store.ready();
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
    let due: ScheduledJob[];
    try {
      due = await this.store.dueJobs(now(), batchSize);
    } catch (error) {
      this.warn('scheduled jobs could not be read; will retry', {}, error);
      return 0;
    }
    let finished = 0;
    for (const candidate of due) {
      const claimedAt = now();
      let job: ScheduledJob | null;
      try {
        job = await this.store.claim(candidate, owner, claimedAt, leaseMs);
      } catch (error) {
        this.warn('scheduled job could not be claimed; will retry', { job_kind: candidate.kind }, error);
        return finished;
      }
      if (!job) continue;
      // the lease runs from the claim's start and is first renewed a third of it after the run's: a claim that took that
      // long could see its lease end before the renewal (or another instance write it for it and claim past it)
      if (now().getTime() - claimedAt.getTime() >= leaseMs / 3) {
        this.warn('scheduled job claimed too slowly to hold its lease; left to the next claim', {
          job_kind: job.kind,
          attempts: job.attempts,
        });
        continue;
      }
      if (await this.run(job)) finished += 1;
    }
    return finished;
  }

  /** Runs a claimed job under its renewed lease; true when it finished. */
  private async run(job: ScheduledJob): Promise<boolean> {
    const { now } = this.options;
    const fields = { job_kind: job.kind, attempts: job.attempts };
    const lease = this.keepLease(job, fields);
    try {
      const handler = this.handlers[job.kind];
      if (!handler) throw Object.assign(new Error('no handler'), { name: 'UnknownJobKind' });
      await handler(job);
      await lease.stop();
      if (!(await this.store.complete(job, now()))) this.warn('scheduled job finished after losing its lease', fields);
      return true;
    } catch (error) {
      await lease.stop();
      const delay = Math.min(1000 * 2 ** Math.max(job.attempts - 1, 0), MAX_RETRY_DELAY_MS);
      this.warn('scheduled job failed; will retry', { ...fields, retry_in_ms: delay }, error);
      await this.store.retryAt(job, new Date(now().getTime() + delay), (error as Error).name).catch(() => undefined);
      return false;
    }
  }

  /**
   * Renews the job's lease every third of it until stopped. `stop()` waits for a renewal under way: on FerretDB v1 an
   * update writes the whole document it read, so a renewal racing the completion could put the job back to pending.
   */
  private keepLease(job: ScheduledJob, fields: object): { stop(): Promise<void> } {
    const { leaseMs, now } = this.options;
    const renew = async () => {
      try {
        if (!(await this.store.renew(job, new Date(now().getTime() + leaseMs))))
          this.warn('scheduled job lost its lease while running', fields);
      } catch (error) {
        this.warn('scheduled job lease could not be renewed', fields, error);
      }
    };
    let renewing = Promise.resolve();
    const timer = setInterval(() => (renewing = renewing.then(renew)), leaseMs / 3);
    return {
      stop: async () => {
        clearInterval(timer);
        await renewing;
      },
    };
  }

  /** Logs a warning, with the error's name and code when there is one; a log that fails stops nothing. */
  private warn(message: string, fields: object, error?: unknown): void {
    const cause = error === undefined ? {} : { error_name: (error as Error).name, error_code: (error as { code?: unknown }).code };
    try {
      this.options.log.warn({ ...fields, ...cause }, message);
    } catch {
      // the jobs go on
    }
  }
}
