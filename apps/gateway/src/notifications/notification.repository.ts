import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { NotificationRecord } from './notification.schema';

export type Notification = NotificationRecord;

const PROJECTION = { _id: 0, __v: 0 } as const;

@Injectable()
export class NotificationRepository {
  private readonly inserts: GroupInsert<NotificationRecord>;

  constructor(@InjectModel(NotificationRecord.name) private readonly notifications: Model<NotificationRecord>) {
    this.inserts = new GroupInsert(notifications);
  }

  /** Stores a notification once; a redelivered event (same id) changes nothing. Returns whether it was new. */
  async insertOnce(notification: Omit<Notification, 'read_by'>): Promise<boolean> {
    return (await this.inserts.insert({ ...notification, read_by: [] })).inserted;
  }

  async page(filter: Record<string, unknown>, skip: number, limit: number): Promise<{ items: Notification[]; total: number }> {
    const [items, total] = await Promise.all([
      this.notifications
        .find(filter, PROJECTION)
        .sort({ created_at: -1, notification_id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<Notification[]>()
        .exec(),
      this.notifications.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  async findOne(tenant: string, notificationId: string): Promise<Notification | null> {
    return this.notifications.findOne({ tenant, notification_id: notificationId }, PROJECTION).lean<Notification>().exec();
  }

  async markRead(tenant: string, notificationId: string, sub: string): Promise<void> {
    await this.notifications.updateOne({ tenant, notification_id: notificationId }, { $addToSet: { read_by: sub } }).exec();
  }
}
