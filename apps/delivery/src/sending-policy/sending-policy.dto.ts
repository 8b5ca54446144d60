import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Weekday, WEEKDAYS } from './send-window';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ChannelWindowDto {
  @ApiProperty({ example: '08:00', description: 'Local time the window opens (HH:MM, inclusive)' })
  @Matches(LOCAL_TIME)
  start: string;

  @ApiProperty({ example: '20:00', description: 'Local time the window closes (HH:MM, exclusive); after start' })
  @Matches(LOCAL_TIME)
  end: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  days: Weekday[];
}

export class ChannelWindowsDto {
  @ApiProperty({ type: ChannelWindowDto, nullable: true, description: 'null: any time' })
  @ValidateIf((_, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelWindowDto)
  sms: ChannelWindowDto | null;

  @ApiProperty({ type: ChannelWindowDto, nullable: true, description: 'null: any time' })
  @ValidateIf((_, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelWindowDto)
  email: ChannelWindowDto | null;

  @ApiProperty({ type: ChannelWindowDto, nullable: true, description: 'null: any time (a call task is created at once)' })
  @ValidateIf((_, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelWindowDto)
  phone_call: ChannelWindowDto | null;
}

/** The whole policy; PUT replaces it. */
export class SendingPolicyBodyDto {
  @ApiProperty({ type: ChannelWindowsDto, description: "Allowed hours per channel in the lead's local time" })
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelWindowsDto)
  windows: ChannelWindowsDto;

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Local dates on which no channel with a window is used' })
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(LOCAL_DATE, { each: true })
  holidays: string[];

  @ApiProperty({ example: 48, description: 'At most one message to a lead per this many hours, across channels; 0 turns the cap off' })
  @IsInt()
  @Min(0)
  @Max(24 * 90)
  frequency_cap_hours: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'America/New_York',
    description: 'IANA zone for leads with neither time_zone nor country; null: such leads are not held to the windows',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  default_time_zone: string | null;
}

export class SendingPolicyDto extends SendingPolicyBodyDto {
  @ApiProperty({ type: String, nullable: true, description: 'Who last changed the policy; null while the defaults apply' })
  updated_by: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  updated_at: string | null;
}
