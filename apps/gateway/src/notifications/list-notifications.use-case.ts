import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@followup/auth';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { Notification, NotificationRepository } from './notification.repository';
import { visibilityFilter } from './notification-visibility';

@Injectable()
export class ListNotificationsUseCase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly ownership: LeadOwnershipRepository,
  ) {}

  async execute(
    user: AuthenticatedUser,
    page: number,
    pageSize: number,
  ): Promise<{ items: Notification[]; page: number; page_size: number; total: number }> {
    // a rep's notifications about leads are those of the leads the caller owns now
    const ownedLeads = user.roles.includes('sales_rep') ? await this.ownership.leadIdsOwnedBy(user.tenant, user.sub) : [];
    const { items, total } = await this.notifications.page(visibilityFilter(user, ownedLeads), (page - 1) * pageSize, pageSize);
    return { items, page, page_size: pageSize, total };
  }
}
