import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DeliveryAttemptedEvent, EngagementLoggedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { LearnFromOutcomesUseCase } from './learn-from-outcomes.use-case';

@Controller()
export class OutcomesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly learn: LearnFromOutcomesUseCase,
  ) {}

  @EventPattern(Topics.EngagementLogged)
  onEngagementLogged(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(EngagementLoggedEvent, raw, context, (event) => this.learn.fromEngagements(event));
  }

  @EventPattern(Topics.DeliveryAttempted)
  onDeliveryAttempted(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(DeliveryAttemptedEvent, raw, context, (event) => this.learn.fromDelivery(event));
  }
}
