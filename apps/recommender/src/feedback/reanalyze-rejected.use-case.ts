import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { RecommendationRequestedEvent, RecommendationReviewedEvent, withStanding } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { fromStoredJson } from '@followup/persistence';
import { ErasedLeadCheck } from '../erasure/erased-lead-check';
import { GenerateRecommendationUseCase } from '../recommendations/generate-recommendation.use-case';
import { RecommendationRepository } from '../recommendations/recommendation.repository';
import { ModelFeedbackRepository } from './model-feedback.repository';
import { classifyRejection } from './rejection-feedback';

/**
 * A rep rejected a recommendation: the reason is kept as model feedback, and the lead is analysed again with
 * the objection applied, as a new recommendation that points at the rejected one. A lead erased meanwhile keeps no
 * reason and is not analysed again.
 */
@Injectable()
export class ReanalyzeRejectedUseCase {
  constructor(
    private readonly feedback: ModelFeedbackRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly generate: GenerateRecommendationUseCase,
    private readonly erasedLeads: ErasedLeadCheck,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReanalyzeRejectedUseCase.name);
  }

  async execute(review: RecommendationReviewedEvent): Promise<void> {
    if (review.payload.decision !== 'rejected') return;
    const original = await this.recommendations.findOne(review.tenant, review.payload.recommendation_id);
    if (!original?.request_payload || !original.result) {
      this.logger.warn(
        { error_code: 'UNKNOWN_RECOMMENDATION' },
        'rejection of a recommendation this service did not generate for this tenant; nothing to re-analyse',
      );
      return;
    }
    const reason = review.payload.rejection_reason ?? '';
    const feedback = await this.feedback.recordOnce({
      feedback_id: review.event_id,
      tenant: review.tenant,
      lead_id: original.lead_id,
      recommendation_id: original.recommendation_id,
      reviewer_sub: review.payload.reviewer.sub,
      reason,
      category: classifyRejection(reason),
      revised_recommendation_id: randomUUID(),
    });
    if (await this.erasedLeads.erasedAfterWrite(review.tenant, original.lead_id)) {
      this.logger.info({ recommendation_id: original.recommendation_id }, 'rejection of an erased lead: not analysed again');
      return;
    }
    this.logger.info(
      { category: feedback.category, revised_recommendation_id: feedback.revised_recommendation_id },
      'rejection recorded as model feedback',
    );
    const { lead, input } = fromStoredJson(original.request_payload);
    const request = createEvent(
      RecommendationRequestedEvent,
      'recommender',
      { request_id: review.request_id, tenant: review.tenant, actor: review.actor },
      {
        recommendation_id: feedback.revised_recommendation_id,
        // the lead's owner and consent as the gateway knew them at the rejection
        lead: withStanding(lead, review.payload.current_lead),
        input,
        requested_at: new Date().toISOString(),
      },
    );
    await this.generate.execute(request, {
      of: original.recommendation_id,
      reason,
      category: feedback.category,
      rejectedChannel: original.result.recommended_channel,
    });
  }
}
