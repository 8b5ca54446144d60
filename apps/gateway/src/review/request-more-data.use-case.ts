import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError, NotificationRequestedEvent, Topics } from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { GetRecommendationUseCase } from '../recommendations/get-recommendation.use-case';

export interface RequestMoreDataCommand {
  user: AuthenticatedUser;
  requestId: string;
  recommendationId: string;
}

/**
 * A reviewer who finds too little engagement data behind a recommendation (low confidence) asks for more: the
 * tenant's sales managers get a notification naming the lead and the recommendation, through the notification
 * topic like every other notice (so the audit trail records it too). Only who may see the recommendation may ask.
 */
@Injectable()
export class RequestMoreDataUseCase {
  constructor(
    private readonly recommendations: GetRecommendationUseCase,
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
  ) {}

  async execute({ user, requestId, recommendationId }: RequestMoreDataCommand): Promise<void> {
    const recommendation = await this.recommendations.execute(user, recommendationId);
    const event = createEvent(
      NotificationRequestedEvent,
      'gateway',
      { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
      {
        kind: 'more_data_requested',
        recipient_role: 'sales_manager',
        recommendation_id: recommendationId,
        lead_id: recommendation.lead_id,
        message: `Lead ${recommendation.lead_id}: ${user.sub} asks for more engagement data before deciding on recommendation ${recommendationId}.`,
      },
    );
    try {
      await this.publisher.publish(Topics.NotificationRequested, recommendation.lead_id, event);
    } catch {
      throw new FollowupError(ErrorCode.ServiceUnavailable, 'The request could not be passed on right now. Retry in a moment.', {
        recommendation_id: recommendationId,
        retry_after_seconds: this.environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
      });
    }
  }
}
