import { Injectable } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { DraftTextRecord, DraftTextRepository } from '../audit-trail/draft-text.repository';

/** The restricted texts (drafts, edits, diffs) of one recommendation of the caller's tenant. */
@Injectable()
export class GetRecommendationDraftsUseCase {
  constructor(private readonly drafts: DraftTextRepository) {}

  async execute(tenant: string, recommendationId: string): Promise<DraftTextRecord[]> {
    const drafts = await this.drafts.findByRecommendation(tenant, recommendationId);
    if (drafts.length === 0) {
      throw new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
        recommendation_id: recommendationId,
      });
    }
    return drafts;
  }
}
