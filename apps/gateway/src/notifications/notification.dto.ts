import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NOTIFICATION_KINDS, NotificationKind, ROLES, Role } from '@followup/contracts';

export class NotificationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  notification_id: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) notification_id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ enum: ROLES }) recipient_role: Role;
  @ApiPropertyOptional() recipient_sub?: string;
  @ApiPropertyOptional({ format: 'uuid' }) recommendation_id?: string;
  @ApiPropertyOptional() lead_id?: string;
  @ApiProperty({ description: 'Never contains PII' }) message: string;
  @ApiProperty() created_at: string;
  @ApiProperty({ description: 'Whether the caller marked it read' }) read: boolean;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total: number;
}
