import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { SuppressionChangedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
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
      const { suppression_id, change, channel, lead_ids, changed_at } = event.payload;
      for (const lead_id of lead_ids) {
        await this.suppressed.applyChange({
          tenant: event.tenant,
          lead_id,
          suppression_id,
          channel,
          active: change === 'suppressed',
          changed_at: new Date(changed_at),
        });
      }
    });
  }
}
