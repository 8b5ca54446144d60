import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Clock } from '@followup/config';
import { Channel } from '@followup/contracts';
import { awaitClaimOwner, CLAIM_OWNER_WAIT_MS, ScheduledJobStore } from '@followup/persistence';
import { ABANDONED_AFTER_MS, DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';
import { DeliveryAttempt, DeliveryAttemptRepository } from './delivery-attempt.repository';

export interface ProviderReport {
  channel: Channel;
  /** The provider's id of the message we sent (an SMS's MessageSid, an email's Message-ID). */
  providerMessageId: string;
  /** What the provider says happened, kept on the attempt. */
  providerStatus: string;
  /** Set when the message will never arrive: the attempt's error code for its failure. */
  failureCode?: string;
}

/** `deferred`: a failure report kept until its attempt's record names the message (PROVIDER_REPORT_JOB). */
export type ProviderReportOutcome = 'unknown_message' | 'deferred' | 'recorded' | 'failed_over';

/** The job that applies a failure report to its attempt once that is recorded (ApplyProviderReportUseCase.later). */
export const PROVIDER_REPORT_JOB = 'delivery.provider-report';
/** A provider's report names no tenant: its job is kept under this name instead. */
const PROVIDERS = 'providers';

export interface ProviderReportPayload {
  channel: Channel;
  provider_message_id: string;
  provider_status: string;
  failure_code: string;
  /** ISO time the report came. */
  received_at: string;
}

/** How often a kept report looks for its attempt's record, at a steady pace (not the scheduler's retry doubling). */
export const REPORT_RECHECK_MS = 5_000;

/**
 * What a provider reports after it accepted a message (a status callback, a bounce), applied to the attempt that
 * sent it: the status is kept, and a message recorded delivered that will never arrive becomes a failure and the
 * delivery moves on to the next channel (DeliverApprovedDraftUseCase.failAfterDelivery, once).
 */
@Injectable()
export class ApplyProviderReportUseCase {
  constructor(
    private readonly attempts: DeliveryAttemptRepository,
    private readonly delivery: DeliverApprovedDraftUseCase,
    private readonly jobs: ScheduledJobStore,
    private readonly clock: Clock,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ApplyProviderReportUseCase.name);
  }

  /**
   * A report can overtake its attempt's record: the delivery run publishes the attempt's events before it writes the
   * provider's answer, so a report sent as soon as the message was accepted finds the attempt still in progress
   * without the id. An id not found is looked up again for as long as a claim's owner is given to write
   * (awaitClaimOwner). After that, a failure report that came while a send on its channel is in progress (the run's
   * events slow to publish: the broker in trouble) is kept as a job that applies it once the attempt is recorded,
   * instead of relying on the provider to post it again; anything else is taken for a message no attempt sent.
   */
  async execute(report: ProviderReport): Promise<ProviderReportOutcome> {
    const { record: attempt } = await awaitClaimOwner(
      () => this.attempts.findByProviderMessage(report.channel, report.providerMessageId),
      (found) => found !== null,
    );
    if (attempt) return this.apply(attempt, report);
    if (report.failureCode === undefined) return 'unknown_message';
    const now = this.clock.now();
    if (!(await this.attempts.sendingSince(report.channel, since(now)))) {
      // the last send in progress may have recorded it since the look-up above
      const recorded = await this.attempts.findByProviderMessage(report.channel, report.providerMessageId);
      return recorded ? this.apply(recorded, report) : 'unknown_message';
    }
    const payload: ProviderReportPayload = {
      channel: report.channel,
      provider_message_id: report.providerMessageId,
      provider_status: report.providerStatus,
      failure_code: report.failureCode,
      received_at: now.toISOString(),
    };
    await this.keep(payload, new Date(now.getTime() + CLAIM_OWNER_WAIT_MS));
    return 'deferred';
  }

  /**
   * The kept report's job: applied once its attempt is recorded; until then it looks again every REPORT_RECHECK_MS, for
   * as long as a send takes at most (ABANDONED_AFTER_MS) after the report, after which no attempt will name the message.
   */
  async later(payload: ProviderReportPayload): Promise<void> {
    const attempt = await this.attempts.findByProviderMessage(payload.channel, payload.provider_message_id);
    if (attempt) {
      const { channel, provider_message_id, provider_status, failure_code } = payload;
      await this.apply(attempt, {
        channel,
        providerMessageId: provider_message_id,
        providerStatus: provider_status,
        failureCode: failure_code,
      });
      return;
    }
    const next = new Date(this.clock.now().getTime() + REPORT_RECHECK_MS);
    if (next.getTime() - new Date(payload.received_at).getTime() <= ABANDONED_AFTER_MS) {
      await this.keep(payload, next);
      return;
    }
    this.logger.warn({ channel: payload.channel, provider_status: payload.provider_status }, 'kept provider report matched no attempt');
  }

  /** The report's job due at `due`: the first under the report's own key (a repeat of the report is one job), then by time. */
  private async keep(payload: ProviderReportPayload, due: Date): Promise<void> {
    const key = `${PROVIDER_REPORT_JOB}:${payload.channel}:${payload.provider_message_id}`;
    const first = due.getTime() - new Date(payload.received_at).getTime() <= CLAIM_OWNER_WAIT_MS;
    await this.jobs.schedule({
      key: first ? key : `${key}:${due.getTime()}`,
      kind: PROVIDER_REPORT_JOB,
      tenant: PROVIDERS,
      due_at: due,
      payload: { ...payload },
    });
  }

  private async apply(attempt: DeliveryAttempt, { providerStatus, failureCode }: ProviderReport): Promise<ProviderReportOutcome> {
    await this.attempts.recordProviderStatus(attempt, providerStatus);
    const failedOver =
      failureCode !== undefined &&
      (await this.delivery.failAfterDelivery({
        tenant: attempt.tenant,
        recommendation_id: attempt.recommendation_id,
        attempt: attempt.attempt,
        error_code: failureCode,
      }));
    return failedOver ? 'failed_over' : 'recorded';
  }
}

/** The earliest start of a send that may still be under way at `now`. */
const since = (now: Date) => new Date(now.getTime() - ABANDONED_AFTER_MS);
