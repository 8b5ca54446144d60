import { Injectable } from '@nestjs/common';
import { Clock } from '@followup/config';
import { Channel, ErrorCode, FollowupError } from '@followup/contracts';
import { awaitClaimOwner } from '@followup/persistence';
import { ABANDONED_AFTER_MS, DeliverApprovedDraftUseCase } from '../draft-delivery/deliver-approved-draft.use-case';
import { DeliveryAttempt, DeliveryAttemptRepository } from '../draft-delivery/delivery-attempt.repository';

export interface ProviderReport {
  channel: Channel;
  /** The provider's id of the message we sent (an SMS's MessageSid, an email's Message-ID). */
  providerMessageId: string;
  /** What the provider says happened, kept on the attempt. */
  providerStatus: string;
  /** Set when the message will never arrive: the attempt's error code for its failure. */
  failureCode?: string;
}

export type ProviderReportOutcome = 'unknown_message' | 'recorded' | 'failed_over';

/** How soon a provider is asked to post again a failure report that found no attempt while a send was under way. */
export const REPORT_RETRY_AFTER_SECONDS = 5;

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
    private readonly clock: Clock,
  ) {}

  async execute({ channel, providerMessageId, providerStatus, failureCode }: ProviderReport): Promise<ProviderReportOutcome> {
    const attempt = await this.attemptThatSent(channel, providerMessageId);
    if (!attempt) {
      // a failure that overtook a record held up longer than that (the run's events slow to publish: the broker in
      // trouble) would be lost, and the fallback with it: while a send on the channel is under way, it is asked again
      const since = new Date(this.clock.now().getTime() - ABANDONED_AFTER_MS);
      if (failureCode !== undefined && (await this.attempts.sendingSince(channel, since))) {
        throw new FollowupError(ErrorCode.ServiceUnavailable, 'The message this report names is still being recorded. Retry in a moment.', {
          retry_after_seconds: REPORT_RETRY_AFTER_SECONDS,
        });
      }
      return 'unknown_message';
    }
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

  /**
   * The attempt whose record names the provider's id of the message. A report can overtake that record: the delivery
   * run publishes the attempt's events before it writes the provider's answer, so a report sent as soon as the message
   * was accepted finds the attempt still in progress without the id. An id not found is looked up again for as long as
   * a claim's owner is given to write (awaitClaimOwner) before the report is taken for a message no attempt sent.
   */
  private async attemptThatSent(channel: Channel, providerMessageId: string): Promise<DeliveryAttempt | null> {
    const { record } = await awaitClaimOwner(
      () => this.attempts.findByProviderMessage(channel, providerMessageId),
      (attempt) => attempt !== null,
    );
    return record;
  }
}
