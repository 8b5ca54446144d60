import { CursorPageQuery } from '@followup/http';
import { RecommendationResultDto } from '../recommendations/recommendation-result.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  CHANNELS,
  Channel,
  CONFIDENCE_LEVELS,
  Confidence,
  DELIVERY_OUTCOMES,
  DeliveryOutcome,
  MAX_DRAFT_LENGTH,
  MAX_REASON_LENGTH,
  PII_KINDS,
  PiiKind,
  REVIEW_DECISIONS,
  ReviewDecision,
  SCREENING_VERDICTS,
  ScreeningVerdict,
} from '@followup/contracts';
import { LIFECYCLE_STATES, LifecycleState } from './lifecycle';
import { REVIEW_QUEUE_ORDERS, ReviewQueueOrder } from './review-queue-order';

export class ReviewQueueQueryDto extends CursorPageQuery {
  @ApiPropertyOptional({ enum: LIFECYCLE_STATES, default: 'pending_review' })
  @IsOptional()
  @IsIn(LIFECYCLE_STATES)
  status?: LifecycleState;

  @ApiPropertyOptional({
    maxLength: 128,
    description: "Only the leads this rep owns (a manager's or admin's filter; a sales rep always sees only their own leads)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  owner_rep_id?: string;

  @ApiPropertyOptional({
    enum: REVIEW_QUEUE_ORDERS,
    default: 'oldest_first',
    description:
      '`highest_priority_first`: by priority score, ties oldest first; `latest_change_first`: by the time of the latest lifecycle step. A `cursor` continues the order it was taken in.',
  })
  @IsOptional()
  @IsIn(REVIEW_QUEUE_ORDERS)
  order?: ReviewQueueOrder;
}

export class ApproveRecommendationDto {
  @ApiPropertyOptional({
    maxLength: MAX_DRAFT_LENGTH,
    description: "The reviewer's edited text; when given and different, the decision is `edited_and_approved`",
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_LENGTH)
  draft_message?: string;
}

export class RejectRecommendationDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Lead already signed with us last week.' })
  @IsDefined()
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class FindingDto {
  @ApiProperty({ enum: PII_KINDS }) kind: PiiKind;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
}

export class ScreeningViewDto {
  @ApiProperty({ enum: SCREENING_VERDICTS }) verdict: ScreeningVerdict;
  @ApiProperty({ type: [FindingDto] }) findings: FindingDto[];
  @ApiPropertyOptional() escalation_id?: string;
  @ApiProperty() screened_at: string;
}

export class ComplianceViewDto {
  @ApiPropertyOptional({ type: ScreeningViewDto, description: 'Informational screening of the generated draft' })
  generated?: ScreeningViewDto;
  @ApiPropertyOptional({ type: ScreeningViewDto, description: 'The screening that gates delivery' })
  pre_delivery?: ScreeningViewDto;
}

export class ReviewViewDto {
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision: ReviewDecision;
  @ApiProperty() reviewed_by: string;
  @ApiProperty() reviewer_role: string;
  @ApiProperty() reviewed_at: string;
  @ApiPropertyOptional({ description: 'The text to deliver (approvals)' }) draft_message?: string;
  @ApiPropertyOptional({ description: 'Word diff from the generated draft, `[-removed-]{+added+}`' }) edit_diff?: string;
  @ApiPropertyOptional() rejection_reason?: string;
}

export class DeliveryViewDto {
  @ApiProperty() attempt: number;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: DELIVERY_OUTCOMES }) outcome: DeliveryOutcome;
  @ApiProperty() final: boolean;
  @ApiProperty() attempted_at: string;
  @ApiPropertyOptional({ description: 'With outcome `scheduled` (lifecycle `scheduled`): when the send will be made' })
  scheduled_for?: string;
}

/** The review workflow's part of a recommendation, shown by the status route and the queue. */
export class ReviewStateDto {
  @ApiPropertyOptional({ enum: LIFECYCLE_STATES }) lifecycle?: LifecycleState;
  @ApiPropertyOptional() lifecycle_updated_at?: string;
  @ApiPropertyOptional({ type: ReviewViewDto }) review?: ReviewViewDto;
  @ApiPropertyOptional({ type: ComplianceViewDto }) compliance?: ComplianceViewDto;
  @ApiPropertyOptional({ type: DeliveryViewDto }) delivery?: DeliveryViewDto;
}

export class ChannelScoreDto {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Estimated probability that the lead responds on this channel' })
  response_probability: number;
  @ApiProperty({ description: 'Whether the lead consented to this channel' }) consented: boolean;
}

export class ReviewQueueItemDto extends ReviewStateDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty() lead_id: string;
  @ApiPropertyOptional({ type: RecommendationResultDto }) result?: RecommendationResultDto;
  @ApiPropertyOptional({ enum: CONFIDENCE_LEVELS }) confidence?: Confidence;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: "The priority score's signed contributions by factor (positive raised it, negative lowered it)",
    example: { recency: 12.5, opted_out: -20 },
  })
  score_factors?: Record<string, number>;
  @ApiPropertyOptional({ type: [ChannelScoreDto], description: 'Every channel, best first, with its estimated response rate' })
  channel_ranking?: ChannelScoreDto[];
  @ApiProperty() created_at: string;
}

export class ReviewQueuePageDto {
  @ApiProperty({ type: [ReviewQueueItemDto] }) items: ReviewQueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  next_cursor: string | null;
}

export class ReviewDecisionResponseDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty() lead_id: string;
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision: ReviewDecision;
  @ApiProperty({ enum: LIFECYCLE_STATES }) lifecycle: LifecycleState;
  @ApiProperty() reviewed_at: string;
}

export class MoreDataRequestedDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty({ description: 'The sales managers were notified' }) requested: boolean;
}
