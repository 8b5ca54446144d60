import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { NotificationRequestedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { StoreNotificationUseCase } from './store-notification.use-case';

@Controller()
export class NotificationRequestsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly storeNotification: StoreNotificationUseCase,
  ) {}

  @EventPattern(Topics.NotificationRequested)
  onNotificationRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(NotificationRequestedEvent, raw, context, (event) => this.storeNotification.execute(event));
  }
}
