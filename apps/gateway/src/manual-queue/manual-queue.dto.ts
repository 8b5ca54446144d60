import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ErrorContentDto } from '@followup/http';

export class ManualQueueQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Also list items a manager has already picked up', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_claimed?: boolean;

  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ManualQueueItemDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty() lead_id: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The rejected recommendation this one re-analyses' }) revision_of?: string;
  @ApiProperty({ type: ErrorContentDto }) error: ErrorContentDto;
  @ApiProperty({ description: 'How many times the AI service has been asked' }) attempt: number;
  @ApiPropertyOptional({ description: 'The manager who picked it up' }) claimed_by?: string;
  @ApiPropertyOptional() claimed_at?: string;
  @ApiProperty() requested_at: string;
  @ApiPropertyOptional() failed_at?: string;
}

export class ManualQueueDto {
  @ApiProperty({ type: [ManualQueueItemDto] }) items: ManualQueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  next_cursor: string | null;
}

export class RetryAcceptedDto {
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty({ example: 'pending' }) status: string;
  @ApiProperty({ example: 2 }) attempt: number;
  @ApiProperty({ example: '/api/v1/ai/followup/recommendations/…' }) status_url: string;
}
