import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { CHANNELS, Channel, ROLES } from '../domain';
import { EventEnvelope } from './envelope';
import { ChannelScore, LeadStanding } from './recommendation.events';

export const MAX_DRAFT_LENGTH = 2000;
export const MAX_REASON_LENGTH = 1000;

export const REVIEW_DECISIONS = ['approved', 'edited_and_approved', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export class Reviewer {
  @IsString()
  @IsNotEmpty()
  sub: string;

  @IsIn(ROLES)
  role: string;
}

/** A rep or manager decided on a recommendation. `draft_message` is the text to deliver (the edited one when edited). */
export class RecommendationReviewedPayload {
  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  @ValidateNested()
  @Type(() => Reviewer)
  reviewer: Reviewer;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_LENGTH)
  draft_message?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_LENGTH)
  original_draft?: string;

  @IsOptional()
  @IsString()
  edit_diff?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  rejection_reason?: string;

  @IsIn(CHANNELS)
  recommended_channel: Channel;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChannelScore)
  channel_ranking: ChannelScore[];

  /**
   * With a rejection: the lead's owner, country and consent as the gateway knows them at the decision, which the
   * re-analysis decides on instead of those of the rejected recommendation's request (its tier too where the request
   * gave none; the gateway fills the request's from the lead record).
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadStanding)
  current_lead?: LeadStanding;

  @IsISO8601({ strict: true })
  reviewed_at: string;
}

export class RecommendationReviewedEvent extends EventEnvelope<RecommendationReviewedPayload> {
  static readonly type = 'recommendation.reviewed';

  @IsDefined()
  @ValidateNested()
  @Type(() => RecommendationReviewedPayload)
  payload: RecommendationReviewedPayload;
}

export const PII_KINDS = [
  'email',
  'phone',
  'card_number',
  'national_id',
  'iban',
  'bank_account',
  'date_of_birth',
  'street_address',
  'other_person',
  'passport',
  'format_characters',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Where something was found: kind and character span, never the text itself. */
export class PiiFinding {
  @IsIn(PII_KINDS)
  kind: PiiKind;

  @IsInt()
  @Min(0)
  start: number;

  @IsInt()
  @Min(0)
  end: number;
}

export const SCREENING_STAGES = ['generated', 'pre_delivery'] as const;
export type ScreeningStage = (typeof SCREENING_STAGES)[number];
/** `discarded`: compliance discarded a blocked draft for good (a final verdict, published when the escalation is resolved). */
export const SCREENING_VERDICTS = ['clear', 'blocked', 'discarded'] as const;
export type ScreeningVerdict = (typeof SCREENING_VERDICTS)[number];

/**
 * Compliance's verdict on a draft. For a `clear` pre-delivery screening it carries what delivery needs:
 * the approved text and the channel ranking to fall back along.
 */
export class DraftScreenedPayload {
  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsIn(SCREENING_STAGES)
  stage: ScreeningStage;

  @IsIn(SCREENING_VERDICTS)
  verdict: ScreeningVerdict;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PiiFinding)
  findings: PiiFinding[];

  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_LENGTH)
  draft_message?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChannelScore)
  channel_ranking?: ChannelScore[];

  @IsOptional()
  @IsString()
  escalation_id?: string;

  @IsISO8601({ strict: true })
  screened_at: string;
}

export class DraftScreenedEvent extends EventEnvelope<DraftScreenedPayload> {
  static readonly type = 'compliance.screened';

  @IsDefined()
  @ValidateNested()
  @Type(() => DraftScreenedPayload)
  payload: DraftScreenedPayload;
}

/** For the compliance team: a draft was blocked. Kinds and positions only, never the PII. */
export class EscalationRaisedPayload {
  @IsString()
  @IsNotEmpty()
  escalation_id: string;

  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsIn(SCREENING_STAGES)
  stage: ScreeningStage;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PiiFinding)
  findings: PiiFinding[];

  @IsISO8601({ strict: true })
  raised_at: string;
}

export class EscalationRaisedEvent extends EventEnvelope<EscalationRaisedPayload> {
  static readonly type = 'compliance.escalation_raised';

  @IsDefined()
  @ValidateNested()
  @Type(() => EscalationRaisedPayload)
  payload: EscalationRaisedPayload;
}

/** `scheduled`: not an attempt yet; the send waits for the lead's send window or frequency cap until `scheduled_for`. */
export const DELIVERY_OUTCOMES = ['delivered', 'failed', 'task_created', 'skipped_no_consent', 'scheduled'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One delivery attempt's result; `final` marks the last attempt for the recommendation. */
export class DeliveryAttemptedPayload {
  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsInt()
  @Min(1)
  attempt: number;

  @IsIn(CHANNELS)
  channel: Channel;

  @IsIn(DELIVERY_OUTCOMES)
  outcome: DeliveryOutcome;

  @IsOptional()
  @IsString()
  error_code?: string;

  @IsBoolean()
  final: boolean;

  @IsISO8601({ strict: true })
  attempted_at: string;

  /** With outcome `scheduled`: when the attempt will be made. */
  @IsOptional()
  @IsISO8601({ strict: true })
  scheduled_for?: string;
}

export class DeliveryAttemptedEvent extends EventEnvelope<DeliveryAttemptedPayload> {
  static readonly type = 'delivery.attempted';

  @IsDefined()
  @ValidateNested()
  @Type(() => DeliveryAttemptedPayload)
  payload: DeliveryAttemptedPayload;
}

export const NOTIFICATION_KINDS = [
  'ai_service_unavailable',
  'low_confidence',
  'rejection_requeued',
  'delivery_failed',
  /** One channel failed for good and delivery goes on with the next: the rep hears what happened and what comes next. */
  'delivery_fallback',
  'compliance_escalation',
  /** A reviewer asks the sales managers for more engagement data behind a low-confidence recommendation. */
  'more_data_requested',
  /** A sales manager took a request the AI service failed on to handle by hand: the others learn who has it. */
  'manual_queue_claimed',
  /** A request queued for want of an answer got its recommendation after all and left the manual queue. */
  'manual_queue_answered',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A message for a role (and optionally one user) of a tenant. `message` must not contain PII. */
export class NotificationRequestedPayload {
  @IsIn(NOTIFICATION_KINDS)
  kind: NotificationKind;

  @IsIn(ROLES)
  recipient_role: string;

  @IsOptional()
  @IsString()
  recipient_sub?: string;

  @IsOptional()
  @IsUUID()
  recommendation_id?: string;

  @IsOptional()
  @IsString()
  lead_id?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  message: string;
}

export class NotificationRequestedEvent extends EventEnvelope<NotificationRequestedPayload> {
  static readonly type = 'notification.requested';

  @IsDefined()
  @ValidateNested()
  @Type(() => NotificationRequestedPayload)
  payload: NotificationRequestedPayload;
}
