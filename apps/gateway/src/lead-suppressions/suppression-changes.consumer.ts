import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { SuppressionChangedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { LeadSuppressionRepository } from './lead-suppression.repository';

/** Keeps the lead records' view of delivery's suppression list. */
@Controller()
export class SuppressionChangesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly suppressions: LeadSuppressionRepository,
  ) {}

  @EventPattern(Topics.SuppressionChanged)
  onSuppressionChanged(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(SuppressionChangedEvent, raw, context, async (event) => {
      const { suppression_id, change, channel, lead_ids, reason, source, changed_at } = event.payload;
      await this.suppressions.applyChange(
        {
          tenant: event.tenant,
          suppression_id,
          channel,
          active: change === 'suppressed',
          reason,
          source,
          changed_at: new Date(changed_at),
        },
        lead_ids,
      );
    });
  }
}
