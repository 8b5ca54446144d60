import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import {
  ErrorCode,
  FollowupError,
  RecommendationRequestedEvent,
  RecommendationRequestedPayload,
  Topics,
  withStanding,
} from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { recommendationNotFound } from '../recommendations/get-recommendation.use-case';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { RetryAcceptedDto } from './manual-queue.dto';

export function notInManualQueue(recommendationId: string): FollowupError {
  return new FollowupError(ErrorCode.InvalidState, 'The recommendation is not waiting in the manual queue.', {
    recommendation_id: recommendationId,
  });
}

/**
 * Sends a request the AI service failed on to the recommender again, as the next attempt, with the lead's owner, tier,
 * country and consent as they are now (they may have changed since the request). The request goes back to `pending`
 * with the new event as its outbox in one write, so the retry survives a crash too.
 */
@Injectable()
export class RetryQueuedRecommendationUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly leads: LeadOwnershipRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RetryQueuedRecommendationUseCase.name);
  }

  async execute(user: AuthenticatedUser, requestId: string, recommendationId: string): Promise<RetryAcceptedDto> {
    const stored = await this.requests.findRequestedEvent(user.tenant, recommendationId);
    if (!stored) throw recommendationNotFound(recommendationId);
    if (stored.status !== 'failed' || stored.error?.code !== ErrorCode.AiServiceUnavailable || !stored.requested_event) {
      throw notInManualQueue(recommendationId);
    }
    const original = stored.requested_event as unknown as RecommendationRequestedEvent;
    const payload = original.payload as RecommendationRequestedPayload;
    const now = await this.leads.standingOf(user.tenant, payload.lead.lead_id);
    const attempt = stored.attempt + 1;
    const event = createEvent(
      RecommendationRequestedEvent,
      'gateway',
      { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
      {
        ...payload,
        lead: withStanding(payload.lead, now),
        attempt,
        requested_at: new Date().toISOString(),
      },
    );
    const outbox = { topic: Topics.RecommendationRequested, key: original.payload.lead.lead_id, event };
    if (!(await this.requests.requeue(user.tenant, recommendationId, stored.attempt, outbox))) throw notInManualQueue(recommendationId);
    try {
      await this.publisher.publish(outbox.topic, outbox.key, event);
      await this.requests.markPublished(user.tenant, recommendationId, event.event_id);
    } catch (error) {
      this.logger.warn(
        { recommendation_id: recommendationId, error_name: (error as Error).name },
        'retry stored; publish deferred to the outbox relay',
      );
    }
    this.logger.info({ recommendation_id: recommendationId, attempt }, 'manual queue retry sent');
    return {
      recommendation_id: recommendationId,
      status: 'pending',
      attempt,
      status_url: `/api/v1/ai/followup/recommendations/${recommendationId}`,
    };
  }
}
