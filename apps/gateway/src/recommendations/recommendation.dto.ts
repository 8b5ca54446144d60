import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import {
  ACCOUNT_TIERS,
  AccountTier,
  CHANNELS,
  Channel,
  CONFIDENCE_LEVELS,
  Confidence,
  ErrorCode,
  MAX_ACTIVITY_SUMMARY_LENGTH,
  MAX_ENGAGEMENT_EVENTS,
  OUTCOMES,
  Outcome,
  RECOMMENDED_ACTIONS,
  RecommendedAction,
} from '@followup/contracts';
import { ErrorContentDto } from '@followup/http';
import { RecommendationResultDto } from './recommendation-result.dto';
import { LEAD_ID_PATTERN } from '../leads/lead.dto';
import { REQUEST_STATUSES, RequestStatus } from './recommendation-request.schema';
import { ReviewStateDto } from '../review/review.dto';

const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * ISO 8601 in the form the engine reads (`new Date(text)`, as `Date.parse`): a calendar date (2026-04-18), with a
 * time or not. IsISO8601 also admits week (2026-W16), ordinal (2026-110) and basic (20260418) dates, which it cannot.
 */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar date or date-time, such as 2026-04-18 or 2026-04-18T15:04:05Z`;
  }
}

/** A date or date-time the CRM logged; a day of clock skew is tolerated, a date further ahead is an error. */
@ValidatorConstraint({ name: 'notInFuture' })
export class NotInFuture implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const at = Date.parse(value);
    // a date it cannot read is the format checks' to report, not a date in the future
    return Number.isNaN(at) || at <= Date.now() + FUTURE_TOLERANCE_MS;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must not be in the future`;
  }
}

export class EngagementEventDto {
  @ApiProperty({ enum: CHANNELS, example: 'email' })
  @IsDefined()
  @IsIn(CHANNELS)
  type: Channel;

  @ApiProperty({ enum: OUTCOMES, example: 'opened' })
  @IsDefined()
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @ApiPropertyOptional({ example: '2026-04-18T15:04:05Z', description: 'When it happened (ISO 8601); sharpens recency scoring' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Validate(IsCalendarDate)
  @Validate(NotInFuture)
  occurred_at?: string;
}

export class RecommendationRequestDto {
  @ApiProperty({ example: 'LD-2048', pattern: LEAD_ID_PATTERN.source })
  @IsDefined()
  @IsString()
  @Matches(LEAD_ID_PATTERN)
  lead_id: string;

  @ApiPropertyOptional({ enum: ACCOUNT_TIERS, example: 'mid-market', description: "Defaults to the lead record's tier" })
  @IsOptional()
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @ApiProperty({ example: '2026-04-20', description: "Maintained by the CRM; drives the priority score's recency" })
  @IsDefined()
  @IsISO8601({ strict: true })
  @Validate(IsCalendarDate)
  @Validate(NotInFuture)
  last_engagement_date: string;

  @ApiProperty({ type: [EngagementEventDto], maxItems: MAX_ENGAGEMENT_EVENTS, description: 'Oldest first' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(MAX_ENGAGEMENT_EVENTS)
  @ValidateNested({ each: true })
  @Type(() => EngagementEventDto)
  engagement_history: EngagementEventDto[];

  @ApiPropertyOptional({ example: 'Requested pricing information during product demo.', maxLength: MAX_ACTIVITY_SUMMARY_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ACTIVITY_SUMMARY_LENGTH)
  recent_activity_summary?: string;
}

export class RecommendationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  recommendation_id: string;
}

/** The spec's success body, plus the id to refer to the recommendation later. */
export class RecommendationResponseDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 92 }) priority_score: number;
  @ApiProperty({ enum: RECOMMENDED_ACTIONS, example: 'follow_up' }) recommended_action: RecommendedAction;
  @ApiProperty({ enum: CHANNELS, example: 'sms' }) recommended_channel: Channel;
  @ApiProperty({ example: 'Lead responded most consistently to SMS communication and recently requested pricing details.' })
  reasoning_summary: string;
  @ApiProperty({ example: 'Hi Sarah, I wanted to follow up on your pricing questions from the demo.' }) draft_message: string;
  @ApiProperty({ example: true }) requires_human_approval: boolean;
}

/** The request's state and result, plus the review workflow's lifecycle, decision, verdicts and delivery. */
export class RecommendationStatusDto extends ReviewStateDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty() lead_id: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiPropertyOptional({ type: RecommendationResultDto }) result?: RecommendationResultDto;
  @ApiPropertyOptional({ enum: CONFIDENCE_LEVELS }) confidence?: Confidence;
  @ApiPropertyOptional({ type: ErrorContentDto }) error?: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  @ApiPropertyOptional({ description: 'How many times the AI service was asked (a manager can retry from the manual queue)' })
  attempt?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The rejected recommendation this one re-analyses' }) revision_of?: string;
  @ApiProperty() created_at: string;
  @ApiPropertyOptional() completed_at?: string;
}
