import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@followup/auth';
import { Notification, NotificationRepository } from './notification.repository';
import { visibilityFilter } from './notification-visibility';

@Injectable()
export class ListNotificationsUseCase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(
    user: AuthenticatedUser,
    page: number,
    pageSize: number,
  ): Promise<{ items: Notification[]; page: number; page_size: number; total: number }> {
    const { items, total } = await this.notifications.page(visibilityFilter(user), (page - 1) * pageSize, pageSize);
    return { items, page, page_size: pageSize, total };
  }
}
