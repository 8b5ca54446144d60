import { Injectable } from '@nestjs/common';
import { RecommendationRequestedEvent } from '@followup/contracts';
import { Revision } from '../recommendations/generate-recommendation.use-case';
import { RecommendationRepository } from '../recommendations/recommendation.repository';
import { ModelFeedbackRepository } from './model-feedback.repository';

/**
 * A manager's retry of a revision the AI service failed on comes as a plain request for the revision's id: the rep's
 * rejection it re-analyses is found again in the model feedback, so the retry applies it as the first attempt did.
 */
@Injectable()
export class RetriedRevisions {
  constructor(
    private readonly feedback: ModelFeedbackRepository,
    private readonly recommendations: RecommendationRepository,
  ) {}

  /** The revision a request retries, if it is a later attempt of one. */
  async of(request: RecommendationRequestedEvent): Promise<Revision | undefined> {
    if ((request.payload.attempt ?? 1) === 1) return undefined;
    const rejection = await this.feedback.findByRevision(request.tenant, request.payload.recommendation_id);
    if (!rejection) return undefined;
    const rejected = await this.recommendations.findOne(request.tenant, rejection.recommendation_id);
    if (!rejected?.result) return undefined;
    return {
      of: rejected.recommendation_id,
      reason: rejection.reason,
      category: rejection.category,
      rejectedChannel: rejected.result.recommended_channel,
    };
  }
}
