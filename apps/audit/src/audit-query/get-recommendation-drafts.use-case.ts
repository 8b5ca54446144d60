import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, mayAccessLead, ownLeadsOnly } from '@followup/auth';
import { ErrorCode, FollowupError, Role } from '@followup/contracts';
import { DraftTextRecord, DraftTextRepository } from '../audit-trail/draft-text.repository';
import { LeadOwnerRepository } from './lead-owner.repository';

/** A raw dead-lettered message is whatever reached the bus: only compliance and admins read it. */
const DEAD_LETTER_KIND = 'dead_letter_original';
const READS_DEAD_LETTERS: readonly Role[] = ['compliance', 'admin'];

function recommendationNotFound(recommendationId: string): FollowupError {
  return new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
    recommendation_id: recommendationId,
  });
}

/**
 * The restricted texts (drafts, edits, diffs) of one recommendation of the caller's tenant. A sales rep
 * reads them only for a lead they own now (another's is a 404, as at the gateway); dead-lettered raw
 * messages only compliance and admins.
 */
@Injectable()
export class GetRecommendationDraftsUseCase {
  constructor(
    private readonly drafts: DraftTextRepository,
    private readonly leads: LeadOwnerRepository,
  ) {}

  async execute(user: AuthenticatedUser, recommendationId: string): Promise<DraftTextRecord[]> {
    const stored = await this.drafts.findByRecommendation(user.tenant, recommendationId);
    const readsDeadLetters = user.acting_role !== undefined && READS_DEAD_LETTERS.includes(user.acting_role);
    const drafts = readsDeadLetters ? stored : stored.filter((draft) => draft.kind !== DEAD_LETTER_KIND);
    if (drafts.length === 0) throw recommendationNotFound(recommendationId);
    if (ownLeadsOnly(user)) {
      const leadId = drafts.find((draft) => draft.lead_id)?.lead_id;
      if (!leadId || !mayAccessLead(user, await this.leads.ownerOf(user.tenant, leadId))) throw recommendationNotFound(recommendationId);
    }
    return drafts;
  }
}
