import { ApiProperty } from '@nestjs/swagger';
import { SUPPRESSIBLE_CHANNELS, SUPPRESSION_SOURCES, SuppressibleChannel, SuppressionSource } from '@followup/contracts';
import { LeadDto } from '../leads/lead.dto';
import { LeadSuppressionRecord } from './lead-suppression.schema';

export class LeadSuppressionDto {
  @ApiProperty({ enum: SUPPRESSIBLE_CHANNELS }) channel: SuppressibleChannel;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: SUPPRESSION_SOURCES }) source: SuppressionSource;
  @ApiProperty({ description: 'When the lead opted out of the channel' }) since: string;
}

/** The lead record as the gateway answers it: the CRM's fields and the channels the lead opted out of. */
export class LeadWithSuppressionsDto extends LeadDto {
  @ApiProperty({
    type: [LeadSuppressionDto],
    description: "The lead's addresses on delivery's suppression list (opted out): never sent to",
  })
  suppressions: LeadSuppressionDto[];
}

export function leadSuppressionDto(row: LeadSuppressionRecord): LeadSuppressionDto {
  return { channel: row.channel, reason: row.reason, source: row.source, since: new Date(row.changed_at).toISOString() };
}
