import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsNotEmpty, ValidateNested, IsDefined } from 'class-validator';
import { ACCOUNT_TIERS, AccountTier } from '../domain';
import { EventEnvelope } from './envelope';
import { EngagementEvent } from './recommendation.events';

export const MAX_LOGGED_ENGAGEMENTS = 100;

/** Outcomes the CRM logged for a lead after the fact (a reply to a sent message, a call that went unanswered). */
export class EngagementLoggedPayload {
  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsOptional()
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LOGGED_ENGAGEMENTS)
  @ValidateNested({ each: true })
  @Type(() => EngagementEvent)
  engagements: EngagementEvent[];
}

export class EngagementLoggedEvent extends EventEnvelope<EngagementLoggedPayload> {
  static readonly type = 'engagement.logged';

  @IsDefined()
  @ValidateNested()
  @Type(() => EngagementLoggedPayload)
  payload: EngagementLoggedPayload;
}
