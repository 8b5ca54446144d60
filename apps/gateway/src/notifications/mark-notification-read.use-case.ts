import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { Notification, NotificationRepository } from './notification.repository';
import { canSee } from './notification-visibility';

/** Marks a notification read for the caller; one they cannot see is a 404, whoever it belongs to. Idempotent. */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(user: AuthenticatedUser, notificationId: string): Promise<Notification> {
    const notification = await this.notifications.findOne(user.tenant, notificationId);
    if (!notification || !canSee(user, notification)) {
      throw new FollowupError(ErrorCode.NotificationNotFound, 'No notification exists with this id.', { notification_id: notificationId });
    }
    await this.notifications.markRead(user.tenant, notificationId, user.sub);
    return { ...notification, read_by: [...new Set([...(notification.read_by ?? []), user.sub])] };
  }
}
