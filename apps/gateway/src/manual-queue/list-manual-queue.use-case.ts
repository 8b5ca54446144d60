import { Injectable } from '@nestjs/common';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { ManualQueueItemDto } from './manual-queue.dto';

const DEFAULT_LIMIT = 50;

@Injectable()
export class ListManualQueueUseCase {
  constructor(private readonly requests: RecommendationRequestRepository) {}

  async execute(tenant: string, limit = DEFAULT_LIMIT, includeClaimed = false): Promise<ManualQueueItemDto[]> {
    const queued = await this.requests.findManualQueue(tenant, limit, includeClaimed);
    return queued.map((item) => ({
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
  }
}
