import { Model } from 'mongoose';
import { GroupInsert } from '../group-insert';
import { RepeatingPass } from './repeating-pass';
import { ScheduledJobRecord } from './scheduled-job.schema';

export type ScheduledJob = Pick<ScheduledJobRecord, 'key' | 'kind' | 'tenant' | 'due_at' | 'payload' | 'attempts'>;
export type NewJob = Pick<ScheduledJobRecord, 'key' | 'kind' | 'tenant' | 'due_at' | 'payload'>;

const UNCLAIMED = new Date(0);
const PROJECTION = { _id: 0, key: 1, kind: 1, tenant: 1, due_at: 1, payload: 1, attempts: 1 } as const;

/** The `scheduled_jobs` collection: schedule once by key, claim a due job under a lease, finish it. */
export class ScheduledJobStore {
  private readonly inserts: GroupInsert<ScheduledJobRecord>;

  constructor(private readonly jobs: Model<ScheduledJobRecord>) {
    this.inserts = new GroupInsert(jobs);
  }

  /** Schedules a job; false when a job with that key exists already (scheduled, running or done). */
  async schedule(job: NewJob): Promise<boolean> {
    const scheduled = await this.inserts.insert({ ...job, status: 'pending', lease_owner: null, lease_until: UNCLAIMED, attempts: 0 });
    return scheduled.inserted;
  }

  /**
   * Claims the earliest due job nobody holds (or whose holder's lease ran out) for `owner` until
   * `now + leaseMs`. One conditional findOneAndUpdate, so two instances never claim the same job.
   */
  async claimDue(now: Date, owner: string, leaseMs: number): Promise<ScheduledJob | null> {
    // FerretDB v1 does not implement findAndModify's projection: the fields are picked here instead.
    const claimed = await this.jobs
      .findOneAndUpdate(
        { status: 'pending', due_at: { $lte: now }, lease_until: { $lte: now } },
        { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
        { sort: { due_at: 1 }, new: true },
      )
      .lean<ScheduledJob>()
      .exec();
    if (!claimed) return null;
    const { key, kind, tenant, due_at, payload, attempts } = claimed;
    return { key, kind, tenant, due_at, payload, attempts };
  }

  /** Marks a claimed job done; false when the lease was lost to another instance meanwhile. */
  async complete(key: string, owner: string, now: Date): Promise<boolean> {
    const update = await this.jobs
      .updateOne(
        { key, status: 'pending', lease_owner: owner },
        { $set: { status: 'done', finished_at: now, lease_owner: null, lease_until: UNCLAIMED } },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /** Gives a claimed job back to be tried again at `retryAt` after its handler failed. */
  async retryAt(key: string, owner: string, retryAt: Date, errorName: string): Promise<void> {
    await this.jobs
      .updateOne(
        { key, status: 'pending', lease_owner: owner },
        { $set: { lease_owner: null, lease_until: retryAt, due_at: retryAt, last_error: errorName } },
      )
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
 * Runs due jobs: every interval (RepeatingPass, never two passes at once) it claims due jobs one by one
 * and runs the handler of their kind. A job whose handler fails is tried again later (1 s, 2 s, 4 s, …
 * up to 5 minutes); one whose instance dies is taken over when its lease runs out. Handlers must be
 * idempotent: a job may run again after a crash between its work and its completion.
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
    const { owner, leaseMs, batchSize, now, log } = this.options;
    let finished = 0;
    for (let run = 0; run < batchSize; run += 1) {
      let job: ScheduledJob | null;
      try {
        job = await this.store.claimDue(now(), owner, leaseMs);
      } catch (error) {
        log.warn(
          { error_name: (error as Error).name, error_code: (error as { code?: unknown }).code },
          'scheduled jobs could not be read; will retry',
        );
        return finished;
      }
      if (!job) return finished;
      const handler = this.handlers[job.kind];
      try {
        if (!handler) throw Object.assign(new Error('no handler'), { name: 'UnknownJobKind' });
        await handler(job);
        await this.store.complete(job.key, owner, now());
        finished += 1;
      } catch (error) {
        const name = (error as Error).name;
        const delay = Math.min(1000 * 2 ** Math.max(job.attempts - 1, 0), MAX_RETRY_DELAY_MS);
        log.warn({ job_kind: job.kind, attempts: job.attempts, error_name: name, retry_in_ms: delay }, 'scheduled job failed; will retry');
        await this.store.retryAt(job.key, owner, new Date(now().getTime() + delay), name).catch(() => undefined);
      }
    }
    return finished;
  }
}
