import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SUPPRESSIBLE_CHANNELS, SUPPRESSION_SOURCES, SuppressibleChannel, SuppressionSource } from '@followup/contracts';
import { PageQuery } from '@followup/http';

export const MAX_REASON_LENGTH = 200;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SuppressionQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: SUPPRESSIBLE_CHANNELS })
  @IsOptional()
  @IsIn(SUPPRESSIBLE_CHANNELS)
  channel?: SuppressibleChannel;

  @ApiPropertyOptional({ description: 'One address: E.164 phone number or email (any case)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  address?: string;

  @ApiPropertyOptional({ enum: SUPPRESSION_SOURCES })
  @IsOptional()
  @IsIn(SUPPRESSION_SOURCES)
  source?: SuppressionSource;

  @ApiPropertyOptional({ description: 'true: opted out now; false: opted back in; both when absent' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class AddSuppressionDto {
  @ApiProperty({ enum: SUPPRESSIBLE_CHANNELS })
  @IsDefined()
  @IsIn(SUPPRESSIBLE_CHANNELS)
  channel: SuppressibleChannel;

  @ApiProperty({ description: 'E.164 phone number for sms, email address for email' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  address: string;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'Why; must not contain PII. Default: "added by the CRM"' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class SuppressionDto {
  @ApiProperty({ format: 'uuid' }) suppression_id: string;
  @ApiProperty({ enum: SUPPRESSIBLE_CHANNELS }) channel: SuppressibleChannel;
  @ApiProperty({ description: 'Normalised: E.164 or lower-case email' }) address: string;
  @ApiProperty({ description: 'Opted out now (false: the person opted back in)' }) active: boolean;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: SUPPRESSION_SOURCES }) source: SuppressionSource;
  @ApiProperty({ description: 'When the address was (last) opted out' }) created_at: string;
  @ApiProperty({ type: String, nullable: true }) released_at: string | null;
}

export class SuppressionPageDto {
  @ApiProperty({ type: [SuppressionDto] }) items: SuppressionDto[];
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total: number;
}
