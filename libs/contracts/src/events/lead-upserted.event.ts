import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
  IsISO31661Alpha2,
  IsTimeZone,
} from 'class-validator';
import { ACCOUNT_TIERS, AccountTier } from '../domain';
import { EventEnvelope } from './envelope';

export class ChannelConsent {
  @IsBoolean()
  sms: boolean;

  @IsBoolean()
  email: boolean;

  @IsBoolean()
  phone_call: boolean;
}

export class LeadContacts {
  @IsOptional()
  @IsString()
  email?: string;

  @IsOptional()
  @IsString()
  phone?: string;
}

export class LeadUpsertedPayload {
  @IsString()
  @IsNotEmpty()
  lead_id: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  first_name: string;

  @IsOptional()
  @IsString()
  last_name?: string;

  @IsOptional()
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @IsString()
  @IsNotEmpty()
  owner_rep_id: string;

  /** IANA zone the lead's send windows are read in. */
  @IsOptional()
  @IsTimeZone()
  time_zone?: string;

  /** ISO 3166-1 alpha-2; gives a default zone when time_zone is absent. */
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @ValidateNested()
  @Type(() => LeadContacts)
  contacts: LeadContacts;

  @ValidateNested()
  @Type(() => ChannelConsent)
  consent: ChannelConsent;

  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  updated_at: string;
}

export class LeadUpsertedEvent extends EventEnvelope<LeadUpsertedPayload> {
  static readonly type = 'lead.upserted';

  @IsDefined()
  @ValidateNested()
  @Type(() => LeadUpsertedPayload)
  payload: LeadUpsertedPayload;
}
