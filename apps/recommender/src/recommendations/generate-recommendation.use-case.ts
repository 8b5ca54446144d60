import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  FollowupError,
  insufficientDataError,
  MINIMUM_ENGAGEMENT_EVENTS,
  RecommendationFailedEvent,
  RecommendationGeneratedEvent,
  RecommendationRequestedEvent,
  Topics,
} from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { recommendDeterministically } from '../engine/deterministic-engine';
import { RecommendationRepository, StoredRecommendation } from './recommendation.repository';

const SERVICE_ACTOR = { kind: 'service' as const, id: 'recommender' };

/**
 * Answers a recommendation request exactly once: a request seen before (a redelivery after a crash, or
 * the gateway's outbox relay) is answered by republishing the stored outcome event unchanged.
 */
@Injectable()
export class GenerateRecommendationUseCase {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(GenerateRecommendationUseCase.name);
  }

  async execute(request: RecommendationRequestedEvent): Promise<void> {
    const { recommendation_id: recommendationId, lead } = request.payload;
    const stored = (await this.recommendations.findOne(recommendationId)) ?? (await this.recommendations.insertOnce(this.decide(request)));
    await this.publisher.publish(stored.outcome_event.topic, lead.lead_id, stored.outcome_event.event);
    this.logger.info(
      { status: stored.status, priority_score: stored.result?.priority_score, error_code: stored.error?.code },
      'recommendation answered',
    );
  }

  private decide(request: RecommendationRequestedEvent): StoredRecommendation {
    const { recommendation_id, lead, input } = request.payload;
    const context = { request_id: request.request_id, tenant: request.tenant, actor: SERVICE_ACTOR };
    const base = { recommendation_id, tenant: request.tenant, lead_id: lead.lead_id, request_id: request.request_id };
    if (input.engagement_history.length < MINIMUM_ENGAGEMENT_EVENTS) {
      return this.failed(base, context, insufficientDataError(input.engagement_history.length, MINIMUM_ENGAGEMENT_EVENTS));
    }
    const recommendation = recommendDeterministically(lead, input, new Date());
    const event = createEvent(RecommendationGeneratedEvent, 'recommender', context, {
      recommendation_id,
      lead_id: lead.lead_id,
      ...recommendation,
      generated_at: new Date().toISOString(),
    });
    return { ...base, status: 'generated', ...recommendation, outcome_event: { topic: Topics.RecommendationGenerated, event } };
  }

  private failed(
    base: Omit<StoredRecommendation, 'status' | 'outcome_event'>,
    context: Parameters<typeof createEvent>[2],
    error: FollowupError,
  ): StoredRecommendation {
    const eventError = { code: error.code, message: error.message, details: error.details };
    const event = createEvent(RecommendationFailedEvent, 'recommender', context, {
      recommendation_id: base.recommendation_id,
      lead_id: base.lead_id,
      error: eventError,
      failed_at: new Date().toISOString(),
    });
    return { ...base, status: 'failed', error: eventError, outcome_event: { topic: Topics.RecommendationFailed, event } };
  }
}
