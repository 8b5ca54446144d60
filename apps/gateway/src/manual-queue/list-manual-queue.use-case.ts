import { Injectable } from '@nestjs/common';
import { OLDEST_FIRST, RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { ManualQueueDto } from './manual-queue.dto';

const DEFAULT_LIMIT = 50;

@Injectable()
export class ListManualQueueUseCase {
  constructor(private readonly requests: RecommendationRequestRepository) {}

  /** One page of the tenant's manual queue, oldest first, after `cursor` (the `next_cursor` of the page before). */
  async execute(tenant: string, limit = DEFAULT_LIMIT, includeClaimed = false, cursor?: string): Promise<ManualQueueDto> {
    const fetched = await this.requests.findManualQueue(tenant, limit + 1, includeClaimed, OLDEST_FIRST, OLDEST_FIRST.from(cursor));
    const { items: queued, next_cursor } = OLDEST_FIRST.page(fetched, limit);
    const items = queued.map((item) => ({
      recommendation_id: item.recommendation_id,
      lead_id: item.lead_id,
      revision_of: item.revision_of,
      error: item.error!,
      attempt: item.attempt,
      claimed_by: item.claimed_by,
      claimed_at: item.claimed_at ? new Date(item.claimed_at).toISOString() : undefined,
      requested_at: new Date(item.created_at).toISOString(),
      failed_at: item.completed_at ? new Date(item.completed_at).toISOString() : undefined,
    }));
    return { items, next_cursor };
  }
}
