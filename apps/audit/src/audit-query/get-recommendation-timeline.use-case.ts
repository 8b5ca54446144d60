import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { publicRecord } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { AuditRecordView, RestrictedTextsFor } from './restricted-texts-for';
import { timelineOrder } from './timeline-order';

export interface RecommendationTimeline {
  recommendation_id: string;
  lead_id?: string;
  events: AuditRecordView[];
}

/** Every audit record of one recommendation of the caller's tenant, oldest first; another tenant's is a 404. */
@Injectable()
export class GetRecommendationTimelineUseCase {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly restrictedTexts: RestrictedTextsFor,
  ) {}

  async execute(user: AuthenticatedUser, recommendationId: string): Promise<RecommendationTimeline> {
    const { tenant } = user;
    const records = await this.records.findByRecommendation(tenant, recommendationId);
    if (records.length === 0) {
      throw new FollowupError(ErrorCode.RecommendationNotFound, 'No recommendation exists with this id.', {
        recommendation_id: recommendationId,
      });
    }
    const events = timelineOrder(records.map(publicRecord));
    const leadId = events.find((event) => event.lead_id)?.lead_id;
    return { recommendation_id: recommendationId, lead_id: leadId, events: await this.restrictedTexts.attach(user, events) };
  }
}
