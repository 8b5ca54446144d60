import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { SERVICE_NAMES, ServiceName } from '../domain';
import { EventEnvelope } from './envelope';

/** Who asks for an erasure: the admin principal's tool (`npm run audit:erase`), not one of the services. */
export const ERASURE_REQUESTER = 'admin';

/** The services that hold a lead's contact data or free texts, each of which erases its own and confirms. */
export const ERASING_SERVICES: readonly ServiceName[] = SERVICE_NAMES;

/** What an erased name or text is replaced by where the record itself stays (its version, its owner). */
export const ERASED_TEXT = '[erased]';

/**
 * The lead version a copy of an erased lead is left at (compliance's directory entry, delivery's contact entry): no
 * version the gateway announces is newer, so a version still in flight at the erasure, or any later one, never fills
 * the copy again. An erased lead id stays erased (the gateway refuses it from then on).
 */
export const ERASED_VERSION = Number.MAX_SAFE_INTEGER;

const LEAD_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Remove one lead's contact data and restricted texts from every service that holds them. */
export class ErasureRequestedPayload {
  @IsUUID()
  erasure_id: string;

  @Matches(LEAD_ID)
  lead_id: string;

  /** The services expected to confirm. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SERVICE_NAMES, { each: true })
  services: ServiceName[];

  @IsISO8601({ strict: true })
  requested_at: string;
}

export class ErasureRequestedEvent extends EventEnvelope<ErasureRequestedPayload> {
  static readonly type = 'erasure.requested';

  @IsIn([ERASURE_REQUESTER])
  override producer: string = ERASURE_REQUESTER;

  @IsDefined()
  @ValidateNested()
  @Type(() => ErasureRequestedPayload)
  payload: ErasureRequestedPayload;
}

/**
 * How many records of one store (`contacts.first_name`: collection and field; an array position is a number,
 * `escalations.outbox.0.event.payload.draft_message`) a service erased.
 */
export class ErasedCount {
  @Matches(/^[a-z0-9_.]{1,100}$/)
  store: string;

  @IsInt()
  @Min(0)
  count: number;
}

/**
 * One service erased what it held of the lead: how many records of each of its stores it deleted or blanked
 * (`[{ "store": "contacts.first_name", "count": 1 }]`; a list, since store names hold dots, which MongoDB keys
 * may not); names and counts only, never a value.
 */
export class ErasureCompletedPayload {
  @IsUUID()
  erasure_id: string;

  @Matches(LEAD_ID)
  lead_id: string;

  @IsIn(SERVICE_NAMES)
  service: ServiceName;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ErasedCount)
  erased: ErasedCount[];

  @IsISO8601({ strict: true })
  completed_at: string;
}

export class ErasureCompletedEvent extends EventEnvelope<ErasureCompletedPayload> {
  static readonly type = 'erasure.completed';

  @IsDefined()
  @ValidateNested()
  @Type(() => ErasureCompletedPayload)
  payload: ErasureCompletedPayload;
}
