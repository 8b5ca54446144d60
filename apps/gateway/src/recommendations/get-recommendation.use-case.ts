import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, mayAccessLead, ownLeadsOnly } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { RecommendationRequest, RecommendationRequestRepository } from './recommendation-request.repository';

export function recommendationNotFound(recommendationId: string): FollowupError {
  return new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
    recommendation_id: recommendationId,
  });
}

/** A recommendation of the caller's tenant, and for a sales rep one of a lead they own now; any other is a 404. */
@Injectable()
export class GetRecommendationUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly leads: LeadOwnershipRepository,
  ) {}

  async execute(user: AuthenticatedUser, recommendationId: string): Promise<RecommendationRequest> {
    const request = await this.requests.findOne(user.tenant, recommendationId);
    if (!request) throw recommendationNotFound(recommendationId);
    if (ownLeadsOnly(user) && !mayAccessLead(user, await this.leads.ownerOf(user.tenant, request.lead_id))) {
      throw recommendationNotFound(recommendationId);
    }
    return request;
  }
}
