import { Injectable } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ChainedRecord, publicRecord } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { timelineOrder } from './timeline-order';

export interface RecommendationTimeline {
  recommendation_id: string;
  lead_id?: string;
  events: ChainedRecord[];
}

/** Every audit record of one recommendation of the caller's tenant, oldest first; another tenant's is a 404. */
@Injectable()
export class GetRecommendationTimelineUseCase {
  constructor(private readonly records: AuditRecordRepository) {}

  async execute(tenant: string, recommendationId: string): Promise<RecommendationTimeline> {
    const records = await this.records.findByRecommendation(tenant, recommendationId);
    if (records.length === 0) {
      throw new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
        recommendation_id: recommendationId,
      });
    }
    const events = timelineOrder(records.map(publicRecord));
    return { recommendation_id: recommendationId, lead_id: events.find((event) => event.lead_id)?.lead_id, events };
  }
}
