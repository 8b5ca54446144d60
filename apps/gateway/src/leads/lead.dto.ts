import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsISO31661Alpha2, IsString, IsTimeZone, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { ACCOUNT_TIERS, AccountTier, E164_PHONE_PATTERN } from '@followup/contracts';

/** Optional fields may be left out, but not sent as null: the record and its schema have no nulls. */
const isPresent = (_: object, value: unknown) => value !== undefined;

export const LEAD_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export class LeadIdParams {
  @ApiProperty({ example: 'LD-2048', pattern: LEAD_ID_PATTERN.source })
  @IsString()
  @Matches(LEAD_ID_PATTERN)
  lead_id: string;
}

export class LeadContactsDto {
  @ApiPropertyOptional({ example: 'sarah@example.com', format: 'email' })
  @ValidateIf(isPresent)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+14155550123', description: 'E.164', pattern: E164_PHONE_PATTERN.source })
  @ValidateIf(isPresent)
  @Matches(E164_PHONE_PATTERN)
  phone?: string;
}

export class ChannelConsentDto {
  @ApiProperty() @IsDefined() @IsBoolean() sms: boolean;
  @ApiProperty() @IsDefined() @IsBoolean() email: boolean;
  @ApiProperty() @IsDefined() @IsBoolean() phone_call: boolean;
}

export class UpsertLeadDto {
  @ApiProperty({ example: 'Sarah', maxLength: 100 })
  @IsDefined()
  @IsString()
  @Length(1, 100)
  first_name: string;

  @ApiPropertyOptional({ example: 'Lee', maxLength: 100 })
  @ValidateIf(isPresent)
  @IsString()
  @Length(1, 100)
  last_name?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_TIERS })
  @ValidateIf(isPresent)
  @IsIn(ACCOUNT_TIERS)
  account_tier?: AccountTier;

  @ApiProperty({ example: 'rep-17', description: 'The `sub` of the sales rep who owns the lead' })
  @IsDefined()
  @IsString()
  @Length(1, 200)
  owner_rep_id: string;

  @ApiPropertyOptional({ example: 'America/New_York', description: "IANA time zone; send windows are read in the lead's local time" })
  @ValidateIf(isPresent)
  @IsTimeZone()
  time_zone?: string;

  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2 country; its usual zone applies when time_zone is absent' })
  @ValidateIf(isPresent)
  @IsISO31661Alpha2()
  country?: string;

  @ApiProperty({ type: LeadContactsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LeadContactsDto)
  contacts: LeadContactsDto;

  @ApiProperty({ type: ChannelConsentDto, description: 'Which channels the lead has consented to be contacted on' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ChannelConsentDto)
  consent: ChannelConsentDto;
}

export class LeadDto extends UpsertLeadDto {
  @ApiProperty({ example: 'LD-2048' }) lead_id: string;
  @ApiProperty({ example: 3, description: 'Incremented on every upsert' }) version: number;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}
