import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { NotificationRequestedEvent, Role } from '@followup/contracts';
import { NotificationRepository } from './notification.repository';

@Injectable()
export class StoreNotificationUseCase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(StoreNotificationUseCase.name);
  }

  async execute(event: NotificationRequestedEvent): Promise<void> {
    const { kind, recipient_role, recipient_sub, recommendation_id, lead_id, message } = event.payload;
    const stored = await this.notifications.insertOnce({
      notification_id: event.event_id,
      tenant: event.tenant,
      kind,
      recipient_role: recipient_role as Role,
      recipient_sub,
      recommendation_id,
      lead_id,
      message,
      producer: event.producer,
      request_id: event.request_id,
      created_at: new Date(event.occurred_at),
    });
    this.logger.info({ notification_id: event.event_id, kind, recipient_role, stored }, 'notification stored');
  }
}
