import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { SuppressionChangedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { suppressedChannelRecordsOf } from './suppressed-channel-index';
import { SuppressedChannelRepository } from './suppressed-channel.repository';

/** Keeps the view of which leads opted out of which channels, so a recommendation never ranks those. */
@Controller()
export class SuppressionChangesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly suppressed: SuppressedChannelRepository,
  ) {}

  @EventPattern(Topics.SuppressionChanged)
  onSuppressionChanged(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(SuppressionChangedEvent, raw, context, async (event) => {
      for (const record of suppressedChannelRecordsOf(event)) await this.suppressed.applyChange(record);
    });
  }
}
