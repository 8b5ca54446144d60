import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment, instanceId } from '@followup/config';
import { JobScheduler, ScheduledJobRecord, ScheduledJobRunRecord, ScheduledJobStore } from '@followup/persistence';
import { ApplyProviderReportUseCase, PROVIDER_REPORT_JOB, ProviderReportPayload } from './apply-provider-report.use-case';
import {
  ADVANCE_DELIVERY_JOB,
  AdvanceDeliveryPayload,
  CHECK_BACK_DELIVERY_JOB,
  DeliverApprovedDraftUseCase,
} from './deliver-approved-draft.use-case';

/** Delivery's scheduled jobs (collections `scheduled_jobs` and `scheduled_job_runs`). */
@Injectable()
export class DeliveryJobStore extends ScheduledJobStore {
  constructor(
    @InjectModel(ScheduledJobRecord.name) jobs: Model<ScheduledJobRecord>,
    @InjectModel(ScheduledJobRunRecord.name) runs: Model<ScheduledJobRunRecord>,
  ) {
    super(jobs, runs);
  }
}

/** Runs delivery's due jobs in every instance (each run's claim keeps a job to one) from start-up to shutdown. */
@Injectable()
export class DeliveryJobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly scheduler: JobScheduler;

  constructor(
    store: ScheduledJobStore,
    deliver: DeliverApprovedDraftUseCase,
    providerReports: ApplyProviderReportUseCase,
    private readonly environment: Environment,
    clock: Clock,
    logger: PinoLogger,
  ) {
    logger.setContext(DeliveryJobRunner.name);
    this.scheduler = new JobScheduler(
      store,
      {
        [ADVANCE_DELIVERY_JOB]: (job) => deliver.advance(job.payload as unknown as AdvanceDeliveryPayload),
        [CHECK_BACK_DELIVERY_JOB]: (job) => deliver.checkBack(job.payload as unknown as AdvanceDeliveryPayload),
        [PROVIDER_REPORT_JOB]: (job) => providerReports.later(job.payload as unknown as ProviderReportPayload),
      },
      {
        // per app, like the gateway's reply listener: a test may run two delivery apps in one process
        owner: `${instanceId('delivery')}-${randomUUID().slice(0, 8)}`,
        leaseMs: environment.SCHEDULER_LEASE_MS,
        batchSize: 50,
        now: () => clock.now(),
        log: logger,
      },
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.scheduler.start(this.environment.SCHEDULER_POLL_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.scheduler.stop();
  }
}
