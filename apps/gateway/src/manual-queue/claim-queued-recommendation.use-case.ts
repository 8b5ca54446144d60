import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { ErrorCode, FollowupError, NotificationRequestedEvent } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { recommendationNotFound } from '../recommendations/get-recommendation.use-case';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { RecordOutboxPublisher } from '../recommendations/record-outbox-publisher';

/**
 * A manager takes a queued request to handle by hand; it leaves the open queue. The claim is announced to the
 * tenant's sales managers (so no one else takes it up too) through the notification topic, which the audit trail
 * records with the claimer's sub and role: the announcement is the claim's outbox, stored in the same write, and
 * published by the relay should the publish here fail.
 */
@Injectable()
export class ClaimQueuedRecommendationUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly outboxes: RecordOutboxPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ClaimQueuedRecommendationUseCase.name);
  }

  async execute(user: AuthenticatedUser, requestId: string, recommendationId: string): Promise<void> {
    const claimed = await this.requests.claim(user.tenant, recommendationId, user.sub, (record) =>
      createEvent(
        NotificationRequestedEvent,
        'gateway',
        { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
        {
          kind: 'manual_queue_claimed',
          recipient_role: 'sales_manager',
          recommendation_id: recommendationId,
          lead_id: record.lead_id,
          message: `Lead ${record.lead_id}: ${user.sub} took the request ${recommendationId} the AI service failed on, to handle by hand.`,
        },
        // one claim per stay in the queue: a retry that fails sends the request back (the next attempt) to be claimed again
        `${recommendationId}:claimed:${record.attempt}`,
      ),
    );
    if (!claimed) throw await this.notClaimable(user, recommendationId);
    const deferred = await this.outboxes.publish(user.tenant, recommendationId, claimed.outbox, claimed.stored);
    if (deferred) {
      this.logger.warn(
        { recommendation_id: recommendationId, error_name: deferred.name },
        'claim stored; announcement deferred to the outbox relay',
      );
    }
  }

  private async notClaimable(user: AuthenticatedUser, recommendationId: string): Promise<FollowupError> {
    const stored = await this.requests.findOne(user.tenant, recommendationId);
    if (!stored) return recommendationNotFound(recommendationId);
    return new FollowupError(ErrorCode.InvalidState, 'The recommendation is not waiting unclaimed in the manual queue.', {
      recommendation_id: recommendationId,
      claimed_by: stored.claimed_by,
    });
  }
}
