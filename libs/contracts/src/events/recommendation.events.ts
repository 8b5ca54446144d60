import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { ACCOUNT_TIERS, AccountTier, CHANNELS, Channel, OUTCOMES, Outcome, RECOMMENDED_ACTIONS, RecommendedAction } from '../domain';
import { ErrorCode } from '../errors';
import { EventEnvelope } from './envelope';
import { ChannelConsent } from './lead-upserted.event';

export const MAX_ENGAGEMENT_EVENTS = 1000;
export const MAX_ACTIVITY_SUMMARY_LENGTH = 2000;

export class EngagementEvent {
  @IsIn(CHANNELS)
  type: Channel;

  @IsIn(OUTCOMES)
  outcome: Outcome;

  @IsOptional()
  @IsISO8601({ strict: true })
  occurred_at?: string;
}

/**
 * What of the gateway's lead record decides a recommendation besides the lead's name: its owner, tier, country and
 * consent. No name and no contact details.
 */
export class LeadStanding {
  @IsOptional()
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @IsString()
  @IsNotEmpty()
  owner_rep_id: string;

  /** ISO 3166-1 alpha-2: the lead record's country, or its phone number's (the LLM's input is masked reading its national numbers). */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  /** ISO 3166-1 alpha-2: the country the lead's phone number's country code tells, where it is not `country`. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  phone_country?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ChannelConsent)
  consent: ChannelConsent;
}

/** The part of the gateway's lead record the recommender needs; contact details stay out. */
export class LeadSnapshot extends LeadStanding {
  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsString()
  @IsNotEmpty()
  first_name: string;
}

/**
 * A snapshot with the lead's standing as it is now (a rejection's `current_lead`, a retry's read of the lead): the
 * standing replaced whole, so an optional field the lead no longer has does not stay, the id and name kept. Without a
 * standing (the lead gone, an older gateway's rejection), the snapshot as it was.
 */
export function withStanding(snapshot: LeadSnapshot, standing: LeadStanding | undefined): LeadSnapshot {
  return standing ? { ...standing, lead_id: snapshot.lead_id, first_name: snapshot.first_name } : snapshot;
}

export class RecommendationInput {
  @IsOptional()
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @IsISO8601({ strict: true })
  last_engagement_date: string;

  @IsArray()
  @ArrayMaxSize(MAX_ENGAGEMENT_EVENTS)
  @ValidateNested({ each: true })
  @Type(() => EngagementEvent)
  engagement_history: EngagementEvent[];

  @IsOptional()
  @IsString()
  @MaxLength(MAX_ACTIVITY_SUMMARY_LENGTH)
  recent_activity_summary?: string;
}

export class RecommendationRequestedPayload {
  @IsUUID()
  recommendation_id: string;

  @ValidateNested()
  @Type(() => LeadSnapshot)
  lead: LeadSnapshot;

  @ValidateNested()
  @Type(() => RecommendationInput)
  input: RecommendationInput;

  /** 1 for the original request; a sales manager's retry from the manual queue raises it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  attempt?: number;

  @IsISO8601({ strict: true })
  requested_at: string;
}

export class RecommendationRequestedEvent extends EventEnvelope<RecommendationRequestedPayload> {
  static readonly type = 'recommendation.requested';

  @IsDefined()
  @ValidateNested()
  @Type(() => RecommendationRequestedPayload)
  payload: RecommendationRequestedPayload;
}

export class ChannelScore {
  @IsIn(CHANNELS)
  channel: Channel;

  @IsNumber()
  @Min(0)
  @Max(1)
  response_probability: number;

  @IsBoolean()
  consented: boolean;
}

export class AiServiceVersion {
  @IsString()
  @IsNotEmpty()
  engine: string;

  @IsString()
  @IsNotEmpty()
  model: string;

  @IsString()
  @IsNotEmpty()
  prompt_version: string;

  @IsString()
  @IsNotEmpty()
  scorer_version: string;
}

/**
 * What an LLM was sent, with personal data masked, and what it answered, as it answered. Restricted: the audit
 * service keeps these out of the hash chain, in the draft-text store only the compliance role reads.
 */
export class LlmExchange {
  @IsString()
  masked_prompt: string;

  /** The model's last answer: the one kept, or, when every answer was refused, the last of them. */
  @IsString()
  raw_answer: string;

  /**
   * Every answer refused, in order, with why (parseDraftOutput's reason, which names fields, never their content): the
   * JSON text of `[{ "problem": …, "answer": … }]`. Absent when the first answer was kept.
   */
  @IsOptional()
  @IsString()
  refused_answers?: string;
}

export const CONFIDENCE_LEVELS = ['normal', 'low'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** The spec's success body, exactly. */
export class RecommendationResult {
  @IsInt()
  @Min(0)
  @Max(100)
  priority_score: number;

  @IsIn(RECOMMENDED_ACTIONS)
  recommended_action: RecommendedAction;

  @IsIn(CHANNELS)
  recommended_channel: Channel;

  @IsString()
  @IsNotEmpty()
  reasoning_summary: string;

  @IsString()
  @IsNotEmpty()
  draft_message: string;

  @IsBoolean()
  requires_human_approval: boolean;
}

/** One factor's signed contribution to the priority's calibrated log-odds, against an average lead. */
export class PriorityFactor {
  @IsString()
  @IsNotEmpty()
  factor: string;

  @IsNumber()
  contribution: number;
}

/** Why the priority is what it is: the calibrated probability behind it and the factors that moved it most. */
export class PriorityExplanation {
  @IsNumber()
  @Min(0)
  @Max(1)
  probability: number;

  /** The window the probability is about: a response to the next follow-up within this many days. */
  @IsInt()
  @Min(1)
  horizon_days: number;

  @IsNumber()
  baseline_log_odds: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriorityFactor)
  raised: PriorityFactor[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriorityFactor)
  lowered: PriorityFactor[];
}

export const SEND_TIME_SOURCES = ['lead', 'tier', 'tenant'] as const;

/** When to send: the hour of the week (UTC; Monday 00:00–00:59 = 0 … Sunday 23:00–23:59 = 167) the lead answered at. */
export class SendTimePrediction {
  @IsInt()
  @Min(0)
  @Max(167)
  hour_of_week: number;

  /** Whose replies it rests on: the lead's own, else its tier's within the tenant, else the tenant's. */
  @IsIn(SEND_TIME_SOURCES)
  source: (typeof SEND_TIME_SOURCES)[number];

  @IsInt()
  @Min(1)
  replies: number;
}

export class RecommendationGeneratedPayload {
  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @ValidateNested()
  @Type(() => RecommendationResult)
  result: RecommendationResult;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ChannelScore)
  channel_ranking: ChannelScore[];

  @IsIn(CONFIDENCE_LEVELS)
  confidence: Confidence;

  @IsObject()
  score_factors: Record<string, number>;

  @ValidateNested()
  @Type(() => AiServiceVersion)
  ai_service_version: AiServiceVersion;

  @IsOptional()
  @ValidateNested()
  @Type(() => PriorityExplanation)
  priority_explanation?: PriorityExplanation;

  /** Absent when neither the lead nor its tier or tenant has timestamped replies. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SendTimePrediction)
  send_time?: SendTimePrediction;

  /**
   * What the engine decided from besides the request (decision time, model snapshot, the tier's channel
   * outcomes, reply hours, suppressed channels), so the audit trail holds what `npm run audit:reproduce` needs.
   */
  @IsOptional()
  @IsObject()
  decision_inputs?: Record<string, unknown>;

  /** Present when an LLM wrote the draft. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LlmExchange)
  llm_exchange?: LlmExchange;

  /** Set when this recommendation re-analyses one a rep rejected: the rejected recommendation's id. */
  @IsOptional()
  @IsUUID()
  revision_of?: string;

  /** The request attempt this answers (1 unless a manager retried it from the manual queue). */
  @IsOptional()
  @IsInt()
  @Min(1)
  attempt?: number;

  @IsISO8601({ strict: true })
  generated_at: string;
}

export class RecommendationGeneratedEvent extends EventEnvelope<RecommendationGeneratedPayload> {
  static readonly type = 'recommendation.generated';

  @IsDefined()
  @ValidateNested()
  @Type(() => RecommendationGeneratedPayload)
  payload: RecommendationGeneratedPayload;
}

export class EventError {
  @IsIn(Object.values(ErrorCode))
  code: ErrorCode;

  @IsString()
  @IsNotEmpty()
  message: string;

  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;
}

export class RecommendationFailedPayload {
  @IsUUID()
  recommendation_id: string;

  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @ValidateNested()
  @Type(() => EventError)
  error: EventError;

  @IsOptional()
  @IsInt()
  @Min(1)
  attempt?: number;

  /** Set when the failed recommendation re-analyses one a rep rejected: the rejected recommendation's id. */
  @IsOptional()
  @IsUUID()
  revision_of?: string;

  /** When the LLM answered and every answer was refused (`invalid_output`): what it was sent and answered. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LlmExchange)
  llm_exchange?: LlmExchange;

  @IsISO8601({ strict: true })
  failed_at: string;
}

export class RecommendationFailedEvent extends EventEnvelope<RecommendationFailedPayload> {
  static readonly type = 'recommendation.failed';

  @IsDefined()
  @ValidateNested()
  @Type(() => RecommendationFailedPayload)
  payload: RecommendationFailedPayload;
}
