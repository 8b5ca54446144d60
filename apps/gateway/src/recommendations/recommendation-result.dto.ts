import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, Channel, RECOMMENDED_ACTIONS, RecommendedAction } from '@followup/contracts';

/** The spec's six result fields, as stored and shown on a recommendation and in the review queue. */
export class RecommendationResultDto {
  @ApiProperty() priority_score: number;
  @ApiProperty({ enum: RECOMMENDED_ACTIONS }) recommended_action: RecommendedAction;
  @ApiProperty({ enum: CHANNELS }) recommended_channel: Channel;
  @ApiProperty() reasoning_summary: string;
  @ApiProperty() draft_message: string;
  @ApiProperty() requires_human_approval: boolean;
}
