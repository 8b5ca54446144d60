import { Type } from 'class-transformer';
import { Equals, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ROLES, SERVICE_NAMES } from '../domain';

export const ACTOR_KINDS = ['user', 'service'] as const;

export class EventActor {
  @IsIn(ACTOR_KINDS)
  kind: (typeof ACTOR_KINDS)[number];

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: string;
}

/**
 * Fields every event carries, whatever its payload: who caused it, for which tenant, and the request id
 * that ties the HTTP call, the log lines of every service and every event of one request together.
 */
export abstract class EventEnvelope<TPayload extends object> {
  @IsUUID()
  event_id: string;

  @IsString()
  @IsNotEmpty()
  event_type: string;

  @Equals(1)
  event_version: 1;

  @IsISO8601({ strict: true })
  occurred_at: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  request_id: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  tenant: string;

  @IsIn(SERVICE_NAMES)
  producer: string;

  @ValidateNested()
  @Type(() => EventActor)
  actor: EventActor;

  abstract payload: TPayload;
}

export interface EventContext {
  request_id: string;
  tenant: string;
  actor: EventActor;
}
