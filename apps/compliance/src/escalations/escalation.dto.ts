import { CursorPageQuery } from '@followup/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PII_KINDS, PiiKind, SCREENING_STAGES, ScreeningStage } from '@followup/contracts';
import { ESCALATION_ORDERS, EscalationOrder } from './escalation-order';
import { ESCALATION_STATUSES, EscalationStatus, RESOLUTIONS, Resolution } from './escalation.schema';

export const MAX_NOTE_LENGTH = 1000;

export class EscalationIdParams {
  @ApiProperty()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  escalation_id: string;
}

export class EscalationQueryDto extends CursorPageQuery {
  @ApiPropertyOptional({ enum: ESCALATION_STATUSES, description: 'All statuses when absent' })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES)
  status?: EscalationStatus;

  @ApiPropertyOptional({
    enum: ESCALATION_ORDERS,
    default: 'oldest_first',
    description:
      '`oldest_first`: by when the case was raised; `latest_decision_first`: by when it was released or discarded, newest first, open cases last. A `cursor` continues the order it was taken in.',
  })
  @IsOptional()
  @IsIn(ESCALATION_ORDERS)
  order?: EscalationOrder;
}

export class ResolveEscalationDto {
  @ApiProperty({ enum: RESOLUTIONS, description: '`release` lets the draft go to delivery; `discard` stops it for good' })
  @IsDefined()
  @IsIn(RESOLUTIONS)
  resolution: Resolution;

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, description: 'Why; must not contain PII' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

class FindingDto {
  @ApiProperty({ enum: PII_KINDS }) kind: PiiKind;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
}

export class EscalationDto {
  @ApiProperty() escalation_id: string;
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty() lead_id: string;
  @ApiProperty({ enum: SCREENING_STAGES }) stage: ScreeningStage;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: EscalationStatus;
  @ApiProperty({ type: [FindingDto], description: 'Kinds and character positions in the draft, never the text' })
  findings: FindingDto[];
  @ApiProperty() raised_at: string;
  @ApiPropertyOptional({ enum: RESOLUTIONS }) resolution?: Resolution;
  @ApiPropertyOptional() resolution_note?: string;
  @ApiPropertyOptional() resolved_by?: string;
  @ApiPropertyOptional({ description: 'The role the resolution was authorised under' }) resolved_by_role?: string;
  @ApiPropertyOptional() resolved_at?: string;
}

export class EscalationPageDto {
  @ApiProperty({ type: [EscalationDto] }) items: EscalationDto[];
  @ApiProperty({ type: String, nullable: true }) next_cursor: string | null;
}
