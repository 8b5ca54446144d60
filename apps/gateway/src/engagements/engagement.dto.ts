import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { MAX_LOGGED_ENGAGEMENTS } from '@followup/contracts';
import { EngagementEventDto } from '../recommendations/recommendation.dto';

export class LogEngagementsDto {
  @ApiProperty({ type: [EngagementEventDto], minItems: 1, maxItems: MAX_LOGGED_ENGAGEMENTS })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LOGGED_ENGAGEMENTS)
  @ValidateNested({ each: true })
  @Type(() => EngagementEventDto)
  engagements: EngagementEventDto[];
}

export class EngagementsAcceptedDto {
  @ApiProperty({ format: 'uuid' }) log_id: string;
  @ApiProperty({ example: 2 }) accepted: number;
}
