import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, ownLeadsOnly } from '@followup/auth';
import { fromStoredJson } from '@followup/persistence';
import { GeneratedScreeningRepository } from './generated-screening.repository';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import type { StoredScreening } from './review-record';
import { LifecycleState } from './lifecycle';
import { ReviewQueueItemDto, ReviewQueuePageDto } from './review.dto';
import { ReviewableRecommendation, ReviewRepository } from './review.repository';
import { REVIEW_QUEUE_ORDER, ReviewQueueOrder } from './review-queue-order';
import { reviewStateView } from './review-view';

export interface ReviewQueueQuery {
  user: AuthenticatedUser;
  status: LifecycleState;
  /** A manager's or admin's filter to one rep's leads; a sales rep's queue is always their own leads. */
  ownerRepId?: string;
  limit: number;
  order: ReviewQueueOrder;
  cursor?: string;
}

function toItem(record: ReviewableRecommendation, generated?: StoredScreening): ReviewQueueItemDto {
  return {
    recommendation_id: record.recommendation_id,
    lead_id: record.lead_id,
    result: record.result,
    confidence: record.confidence,
    score_factors: fromStoredJson(record.score_factors),
    channel_ranking: fromStoredJson(record.channel_ranking),
    created_at: new Date(record.created_at).toISOString(),
    ...reviewStateView(record, generated),
  };
}

/**
 * The caller's queue of recommendations in one lifecycle state, in the order asked for: a sales rep's covers the
 * leads they own, a manager's or admin's the whole tenant or one rep's leads.
 */
@Injectable()
export class ListReviewQueueUseCase {
  constructor(
    private readonly recommendations: ReviewRepository,
    private readonly leads: LeadOwnershipRepository,
    private readonly generatedScreenings: GeneratedScreeningRepository,
  ) {}

  async execute({ user, status, ownerRepId, limit, order, cursor }: ReviewQueueQuery): Promise<ReviewQueuePageDto> {
    const keyset = REVIEW_QUEUE_ORDER[order];
    const after = keyset.from(cursor);
    const owner = ownLeadsOnly(user) ? user.sub : ownerRepId;
    const leadIds = owner !== undefined ? await this.leads.leadIdsOwnedBy(user.tenant, owner) : undefined;
    if (leadIds?.length === 0) return { items: [], next_cursor: null };
    const fetched = await this.recommendations.list(user.tenant, status, leadIds, limit + 1, keyset, after);
    const { items, next_cursor } = keyset.page(fetched, limit);
    const screenings = await this.generatedScreenings.findMany(
      user.tenant,
      items.map((item) => item.recommendation_id),
    );
    return {
      items: items.map((item) => toItem(item, screenings.get(item.recommendation_id))),
      next_cursor,
    };
  }
}
