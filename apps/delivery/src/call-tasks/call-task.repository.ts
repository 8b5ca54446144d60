import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { CallTaskRecord } from './call-task.schema';

export type CallTask = CallTaskRecord;
export type NewCallTask = Omit<CallTaskRecord, 'created_at' | 'updated_at' | 'status'>;

const PROJECTION = { _id: 0, __v: 0 } as const;

@Injectable()
export class CallTaskRepository {
  private readonly inserts: GroupInsert<CallTaskRecord>;

  constructor(@InjectModel(CallTaskRecord.name) private readonly tasks: Model<CallTaskRecord>) {
    this.inserts = new GroupInsert(tasks);
  }

  /** Creates the task once per idempotency key; a second call returns the task made the first time. */
  async createOnce(task: NewCallTask): Promise<CallTask> {
    const created = await this.inserts.insert({ ...task, status: 'open' });
    if (created.inserted) return created.stored;
    const stored = await this.tasks
      .findOne({ tenant: task.tenant, idempotency_key: task.idempotency_key }, PROJECTION)
      .lean<CallTask>()
      .exec();
    if (!stored) throw new Error('call task vanished after insert');
    return stored;
  }

  /** A tenant's tasks, optionally only those of some leads, newest first. */
  async list(tenant: string, leadIds: string[] | undefined, skip: number, limit: number): Promise<{ items: CallTask[]; total: number }> {
    const query = leadIds ? { tenant, lead_id: { $in: leadIds } } : { tenant };
    const [items, total] = await Promise.all([
      this.tasks.find(query, PROJECTION).sort({ created_at: -1, task_id: 1 }).skip(skip).limit(limit).lean<CallTask[]>().exec(),
      this.tasks.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}
