import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CHANNELS, Channel, DELIVERY_OUTCOMES, DeliveryOutcome } from '@followup/contracts';

export const MAX_DASHBOARD_DAYS = 90;

export class DashboardQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_DASHBOARD_DAYS, default: 14, description: 'How many days back from now' })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(MAX_DASHBOARD_DAYS)
  days?: number;
}

class ReviewCountsDto {
  @ApiProperty() approved: number;
  @ApiProperty() edited_and_approved: number;
  @ApiProperty() rejected: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'edited_and_approved / (approved + edited_and_approved); null without approvals',
  })
  edit_rate: number | null;
}

class RejectionReasonCountDto {
  @ApiProperty({
    example: 'wrong_timing',
    description: 'The category before the first `:` of the reason (the console sends `category: note`), else `unspecified`',
  })
  reason: string;
  @ApiProperty() count: number;
}

class DeliveryCountDto {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: DELIVERY_OUTCOMES }) outcome: DeliveryOutcome;
  @ApiProperty() count: number;
}

class DayCountsDto {
  @ApiProperty({ example: '2026-12-01', description: 'UTC day' }) date: string;
  @ApiProperty() approved: number;
  @ApiProperty() edited_and_approved: number;
  @ApiProperty() rejected: number;
  @ApiProperty() delivered: number;
  @ApiProperty() failed: number;
}

export class DashboardDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: ReviewCountsDto }) reviews: ReviewCountsDto;
  @ApiProperty({ type: [RejectionReasonCountDto] }) rejections_by_reason: RejectionReasonCountDto[];
  @ApiProperty({ type: [DeliveryCountDto], description: 'Final delivery outcomes by channel' }) deliveries_by_channel: DeliveryCountDto[];
  @ApiProperty({ type: [DayCountsDto] }) by_day: DayCountsDto[];
  @ApiProperty({
    description: 'True when the window held more recommendations than one dashboard reads; the counts then cover the most recent ones',
  })
  truncated: boolean;
}
