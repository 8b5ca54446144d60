import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, NotificationRequestedEvent } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { NO_ANSWER, RecommendationRequestRepository, UnansweredRecommendation } from '../recommendations/recommendation-request.repository';
import { GATEWAY_ACTOR } from '../recommendations/gateway-notices';
import { RecordOutboxPublisher } from '../recommendations/record-outbox-publisher';

/** How many unanswered requests one pass takes to the manual queue; the next pass takes the rest. */
export const UNANSWERED_PER_PASS = 100;

export interface QueueUnansweredCommand {
  now: Date;
}

/**
 * The spec's "AI service is unavailable: route to manual queue; log error; notify sales manager", for a recommender
 * that does not answer at all (down, or its requests stuck): a request whose attempt has waited longer than
 * RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS is taken to the manual queue (`AI_SERVICE_UNAVAILABLE`, reason
 * `no_answer`), the error is logged and the tenant's sales managers are notified. The notice is the record's outbox,
 * stored in the same write and published by the relay should the publish here fail. An answer that arrives later
 * still completes the request, unless a manager has taken it up by then. A request whose own event is not published
 * yet is left to the outbox relay, and one of an erased lead is failed LEAD_NOT_FOUND without a notice (see
 * RecommendationRequestRepository.queueUnanswered). Every gateway instance runs it: the
 * record's version guard lets one of them queue each request, and only that one announces it.
 */
@Injectable()
export class QueueUnansweredRecommendationsUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly outboxes: RecordOutboxPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(QueueUnansweredRecommendationsUseCase.name);
  }

  /** Answers how many requests it queued. */
  async execute({ now }: QueueUnansweredCommand): Promise<number> {
    const before = new Date(now.getTime() - this.environment.RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS);
    let queued = 0;
    for (const unanswered of await this.requests.findUnanswered(before, UNANSWERED_PER_PASS)) {
      try {
        if (await this.queueOne(unanswered, before)) queued += 1;
      } catch (error) {
        // one record that keeps changing (503 from its guard) or a database error leaves the others to this pass
        this.logger.warn(
          { recommendation_id: unanswered.recommendation_id, error_name: (error as Error).name },
          'unanswered request not queued; trying again at the next pass',
        );
      }
    }
    return queued;
  }

  private async queueOne(unanswered: UnansweredRecommendation, before: Date): Promise<boolean> {
    const { recommendation_id: recommendationId, tenant, attempt } = unanswered;
    const waitedSeconds = Math.round(this.environment.RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS / 1000);
    const error = {
      code: ErrorCode.AiServiceUnavailable,
      message: `The recommendation service did not answer within ${waitedSeconds} seconds. The request is in the manual queue.`,
      details: { reason: NO_ANSWER, manual_queue: true },
    };
    const outcome = await this.requests.queueUnanswered(unanswered, before, error, (record) =>
      createEvent(
        NotificationRequestedEvent,
        'gateway',
        { request_id: record.request_id, tenant, actor: GATEWAY_ACTOR },
        {
          kind: 'ai_service_unavailable',
          recipient_role: 'sales_manager',
          recommendation_id: recommendationId,
          lead_id: record.lead_id,
          message: `A recommendation for lead ${record.lead_id} got no answer from the recommendation service within ${waitedSeconds} seconds and is waiting in the manual queue.`,
        },
        `${recommendationId}:${NO_ANSWER}:${attempt}`,
      ),
    );
    if (outcome?.kind !== 'queued') return false;
    this.logger.error(
      { recommendation_id: recommendationId, attempt, error_code: ErrorCode.AiServiceUnavailable, reason: NO_ANSWER },
      'no answer from the recommendation service; routed to the manual queue',
    );
    const deferred = await this.outboxes.publish(tenant, recommendationId, outcome.outbox, outcome.stored);
    if (deferred) {
      this.logger.warn(
        { recommendation_id: recommendationId, error_name: deferred.name },
        'request queued; notice deferred to the outbox relay',
      );
    }
    return true;
  }
}
