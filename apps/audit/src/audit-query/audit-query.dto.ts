import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ example: 'LD-2048' })
  @IsOptional()
  @IsString()
  @Matches(ID)
  lead_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  recommendation_id?: string;

  @ApiPropertyOptional({ example: 'recommendation.rejected', description: 'The event type sharpened by its outcome' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,100}$/)
  action?: string;

  @ApiPropertyOptional({ example: 'recommendation.generated' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,100}$/)
  event_type?: string;

  @ApiPropertyOptional({ example: '2026-04-20T00:00:00Z', description: 'Events that occurred at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-21T00:00:00Z', description: 'Events that occurred before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class RecommendationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

class AuditActorDto {
  @ApiProperty({ enum: ['user', 'service'] }) kind: string;
  @ApiProperty() id: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The role the actor acted under; null or absent for a service' })
  role?: string | null;
}

class RestrictedTextDto {
  @ApiProperty({ example: 'rejection_reason' }) kind: string;
  @ApiProperty() text: string;
}

export class AuditRecordDto {
  @ApiProperty() tenant: string;
  @ApiProperty({ description: "Position in the tenant's chain, from 1, without gaps" }) sequence: number;
  @ApiProperty() event_id: string;
  @ApiProperty() source_topic: string;
  @ApiProperty() event_type: string;
  @ApiProperty() action: string;
  @ApiProperty() occurred_at: string;
  @ApiProperty() recorded_at: string;
  @ApiPropertyOptional() request_id?: string;
  @ApiPropertyOptional() lead_id?: string;
  @ApiPropertyOptional() recommendation_id?: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({
    enum: [1, 2],
    description:
      "Version 2 keeps every free text as its digest: { sha256, pii_kinds, digest: 'hmac-sha256' }, the HMAC-SHA256 under the lead's key (records chained before keys: { sha256, pii_kinds }, a plain SHA-256)",
  })
  record_version: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The event payload: names and contacts removed, free texts (version 2) replaced by { sha256, pii_kinds, digest: 'hmac-sha256' }",
  })
  payload: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) ai_output?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) ai_service_version?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) review?: Record<string, unknown>;
  @ApiPropertyOptional() error_code?: string;
  @ApiPropertyOptional({ type: [String] }) draft_kinds?: string[];
  @ApiProperty() previous_hash: string;
  @ApiProperty() hash: string;
  @ApiPropertyOptional({
    type: [RestrictedTextDto],
    description: 'Only for an admin: the texts of draft_kinds still stored (an erasure deletes them; the digests stay)',
  })
  restricted_texts?: RestrictedTextDto[];
}

export class AuditEventsPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) items: AuditRecordDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  next_cursor: string | null;
}

export class RecommendationTimelineDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiPropertyOptional() lead_id?: string;
  @ApiProperty({ type: [AuditRecordDto], description: 'Oldest first' }) events: AuditRecordDto[];
}

class DraftTextDto {
  @ApiProperty() event_id: string;
  @ApiProperty({ example: 'generated' }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty() stored_at: string;
}

export class RecommendationDraftsDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty({ type: [DraftTextDto] }) drafts: DraftTextDto[];
}
