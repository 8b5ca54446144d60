import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { recommendationNotFound } from '../recommendations/get-recommendation.use-case';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';

/** A manager takes a queued request to handle by hand; it leaves the open queue. */
@Injectable()
export class ClaimQueuedRecommendationUseCase {
  constructor(private readonly requests: RecommendationRequestRepository) {}

  async execute(user: AuthenticatedUser, recommendationId: string): Promise<void> {
    if (await this.requests.claim(user.tenant, recommendationId, user.sub)) return;
    const stored = await this.requests.findOne(user.tenant, recommendationId);
    if (!stored) throw recommendationNotFound(recommendationId);
    throw new FollowupError(ErrorCode.InvalidState, 'The recommendation is not waiting unclaimed in the manual queue.', {
      recommendation_id: recommendationId,
      claimed_by: stored.claimed_by,
    });
  }
}
