import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { Notification, NotificationRepository } from './notification.repository';
import { canSee, followsLeadOwner } from './notification-visibility';

/** Marks a notification read for the caller; one they cannot see is a 404, whoever it belongs to. Idempotent. */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly ownership: LeadOwnershipRepository,
  ) {}

  async execute(user: AuthenticatedUser, notificationId: string): Promise<Notification> {
    const notification = await this.notifications.findOne(user.tenant, notificationId);
    const leadOwner =
      notification && followsLeadOwner(notification) ? await this.ownership.ownerOf(user.tenant, notification.lead_id) : undefined;
    if (!notification || !canSee(user, notification, leadOwner)) {
      throw new FollowupError(ErrorCode.NotificationNotFound, 'No notification exists with this id.', { notification_id: notificationId });
    }
    await this.notifications.markRead(user.tenant, notificationId, user.sub);
    return { ...notification, read_by: [...new Set([...(notification.read_by ?? []), user.sub])] };
  }
}
