import { ApiProperty } from '@nestjs/swagger';
import { CALL_TASK_STATUSES, CallTaskStatus } from './call-task.schema';

export class CallTaskDto {
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty() lead_id: string;
  @ApiProperty({ format: 'uuid' }) recommendation_id: string;
  @ApiProperty({ description: 'The owner rep the task was made for (the lead may have changed hands since)' }) owner_rep_id: string;
  @ApiProperty({ enum: CALL_TASK_STATUSES }) status: CallTaskStatus;
  @ApiProperty({ description: 'The approved draft, as talking points for the call' }) talking_points: string;
  @ApiProperty() created_at: string;
}

export class CallTaskPageDto {
  @ApiProperty({ type: [CallTaskDto] }) items: CallTaskDto[];
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total: number;
}
