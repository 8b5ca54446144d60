import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, ownLeadsOnly } from '@followup/auth';
import { ContactRepository } from '../contact-directory/contact.repository';
import { CallTask, CallTaskRepository } from './call-task.repository';

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

/**
 * Call tasks, newest first: a sales rep's are those of the leads they own now (by the lead versions this
 * service learnt from `lead.upserted`), so a reassigned lead's tasks move to its new owner; a manager's or
 * admin's are the tenant's.
 */
@Injectable()
export class ListCallTasksUseCase {
  constructor(
    private readonly tasks: CallTaskRepository,
    private readonly contacts: ContactRepository,
  ) {}

  async execute(user: AuthenticatedUser, page: number, pageSize: number): Promise<Page<CallTask>> {
    const leadIds = ownLeadsOnly(user) ? await this.contacts.leadIdsOwnedBy(user.tenant, user.sub) : undefined;
    const { items, total } =
      leadIds?.length === 0 ? { items: [], total: 0 } : await this.tasks.list(user.tenant, leadIds, (page - 1) * pageSize, pageSize);
    return { items, page, page_size: pageSize, total };
  }
}
