import { Injectable } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { RecommendationRequest, RecommendationRequestRepository } from './recommendation-request.repository';

@Injectable()
export class GetRecommendationUseCase {
  constructor(private readonly requests: RecommendationRequestRepository) {}

  async execute(tenant: string, recommendationId: string): Promise<RecommendationRequest> {
    const request = await this.requests.findOne(tenant, recommendationId);
    if (!request) {
      throw new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
        recommendation_id: recommendationId,
      });
    }
    return request;
  }
}
