import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { EventEnvelope } from './envelope';

/** The channels a person can opt out of; a phone call is a task for a rep, not a message. */
export const SUPPRESSIBLE_CHANNELS = ['sms', 'email'] as const;
export type SuppressibleChannel = (typeof SUPPRESSIBLE_CHANNELS)[number];

/** Where an opt-out (or opt back in) came from. */
export const SUPPRESSION_SOURCES = ['sms_keyword', 'one_click', 'provider_code', 'api'] as const;
export type SuppressionSource = (typeof SUPPRESSION_SOURCES)[number];

export const SUPPRESSION_CHANGES = ['suppressed', 'released'] as const;
export type SuppressionChange = (typeof SUPPRESSION_CHANGES)[number];

/** The most lead ids one change names: the leads of the tenant that had the address when it changed. */
export const MAX_SUPPRESSED_LEADS = 500;

/**
 * An address of the tenant's suppression list was added (`suppressed`) or ended by an opt back in (`released`).
 * No address: the leads that had it when it changed, by id.
 */
export class SuppressionChangedPayload {
  @IsUUID()
  suppression_id: string;

  @IsIn(SUPPRESSION_CHANGES)
  change: SuppressionChange;

  @IsIn(SUPPRESSIBLE_CHANNELS)
  channel: SuppressibleChannel;

  @IsArray()
  @ArrayMaxSize(MAX_SUPPRESSED_LEADS)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  lead_ids: string[];

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;

  @IsIn(SUPPRESSION_SOURCES)
  source: SuppressionSource;

  @IsISO8601({ strict: true })
  changed_at: string;
}

export class SuppressionChangedEvent extends EventEnvelope<SuppressionChangedPayload> {
  static readonly type = 'suppression.changed';

  @IsDefined()
  @ValidateNested()
  @Type(() => SuppressionChangedPayload)
  payload: SuppressionChangedPayload;
}
