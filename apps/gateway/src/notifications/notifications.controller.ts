import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses, PageQuery } from '@followup/http';
import { ListNotificationsUseCase } from './list-notifications.use-case';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case';
import { NotificationDto, NotificationIdParams, NotificationPageDto } from './notification.dto';
import { Notification } from './notification.repository';

function toDto(notification: Notification, sub: string): NotificationDto {
  return {
    notification_id: notification.notification_id,
    kind: notification.kind,
    recipient_role: notification.recipient_role,
    recipient_sub: notification.recipient_sub ?? undefined,
    recommendation_id: notification.recommendation_id ?? undefined,
    lead_id: notification.lead_id ?? undefined,
    message: notification.message,
    created_at: new Date(notification.created_at).toISOString(),
    read: (notification.read_by ?? []).includes(sub),
  };
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly listNotifications: ListNotificationsUseCase,
    private readonly markRead: MarkNotificationReadUseCase,
  ) {}

  @Get()
  @Roles('sales_rep', 'sales_manager', 'compliance', 'admin')
  @ApiOperation({ summary: "The caller's notifications (any of their roles; personal ones only their own), newest first" })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<NotificationPageDto> {
    const page = await this.listNotifications.execute(user, query.page, query.page_size);
    return { ...page, items: page.items.map((notification) => toDto(notification, user.sub)) };
  }

  @Post(':notification_id/read')
  @HttpCode(200)
  @Roles('sales_rep', 'sales_manager', 'compliance', 'admin')
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read (idempotent)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.NotificationNotFound)
  async read(@Param() params: NotificationIdParams, @CurrentUser() user: AuthenticatedUser): Promise<NotificationDto> {
    return toDto(await this.markRead.execute(user, params.notification_id), user.sub);
  }
}
