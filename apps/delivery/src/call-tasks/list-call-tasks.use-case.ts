import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@followup/auth';
import { CallTask, CallTaskRepository } from './call-task.repository';
import { callTaskFilter } from './task-visibility';

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

@Injectable()
export class ListCallTasksUseCase {
  constructor(private readonly tasks: CallTaskRepository) {}

  async execute(user: AuthenticatedUser, page: number, pageSize: number): Promise<Page<CallTask>> {
    const { items, total } = await this.tasks.list(callTaskFilter(user), (page - 1) * pageSize, pageSize);
    return { items, page, page_size: pageSize, total };
  }
}
