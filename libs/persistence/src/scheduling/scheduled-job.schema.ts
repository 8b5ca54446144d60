import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const JOB_STATUSES = ['pending', 'done'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * One piece of work due at a time, in the service's own database: it survives restarts. Each run is claimed once
 * (`scheduled_job_runs`) and holds a lease (`lease_owner` until `lease_until`), renewed while it runs; a lease that
 * lapses (its holder died, or could not renew it) lets another instance take the job over. No PII in the payload.
 */
@Schema({ collection: 'scheduled_jobs', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ScheduledJobRecord {
  /** Unique: scheduling the same work twice is one job. */
  @Prop({ required: true }) key: string;
  /** Which handler runs it. */
  @Prop({ required: true }) kind: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) due_at: Date;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) payload: Record<string, unknown>;
  @Prop({ type: String, required: true, enum: JOB_STATUSES }) status: JobStatus;
  @Prop({ type: String, default: null }) lease_owner: string | null;
  /** The epoch while unclaimed, so one range condition finds both free and abandoned jobs. */
  @Prop({ required: true }) lease_until: Date;
  /** The number of the run that holds the job or held it last (scheduled_job_runs); its renewal, completion and retry match on it. */
  @Prop({ required: true, default: 0 }) attempts: number;
  @Prop() last_error?: string;
  @Prop() finished_at?: Date;
  created_at: Date;
  updated_at: Date;
}

export const ScheduledJobSchema = SchemaFactory.createForClass(ScheduledJobRecord);
ScheduledJobSchema.index({ key: 1 }, { unique: true });
ScheduledJobSchema.index({ status: 1, due_at: 1 });

/**
 * One run of a scheduled job, taken by one instance: `run` is the job's `attempts` once claimed. The unique
 * (job_key, run) makes each run number one instance's, where a conditional update could not (FerretDB v1 applies an
 * update as a read and a write, so every instance that reads a due job before the first write would take it). Kept
 * as the jobs are, except that a claimer whose claim found the job moved on deletes its run.
 */
@Schema({ collection: 'scheduled_job_runs', versionKey: false })
export class ScheduledJobRunRecord {
  @Prop({ required: true }) job_key: string;
  @Prop({ required: true }) run: number;
  @Prop({ required: true }) owner: string;
  @Prop({ required: true }) started_at: Date;
}

export const ScheduledJobRunSchema = SchemaFactory.createForClass(ScheduledJobRunRecord);
ScheduledJobRunSchema.index({ job_key: 1, run: 1 }, { unique: true });
