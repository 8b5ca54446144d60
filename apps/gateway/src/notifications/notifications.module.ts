import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadsModule } from '../leads/leads.module';
import { ListNotificationsUseCase } from './list-notifications.use-case';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case';
import { NotificationRequestsConsumer } from './notification-requests.consumer';
import { NotificationRecord, NotificationSchema } from './notification.schema';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { StoreNotificationUseCase } from './store-notification.use-case';

@Module({
  imports: [MongooseModule.forFeature([{ name: NotificationRecord.name, schema: NotificationSchema }]), LeadsModule],
  controllers: [NotificationsController, NotificationRequestsConsumer],
  providers: [NotificationRepository, StoreNotificationUseCase, ListNotificationsUseCase, MarkNotificationReadUseCase],
})
export class NotificationsModule {}
