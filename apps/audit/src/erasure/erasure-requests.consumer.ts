import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { ErasureRequestedEvent, Topics } from '@followup/contracts';
import { EraseLeadUseCase, EventConsumer } from '@followup/messaging';
import { RecordAuditEventUseCase } from '../audit-trail/record-audit-event.use-case';

/**
 * Chains the erasure request (lead id, tenant, services; no PII), then erases the lead's restricted texts and
 * confirms like every service; the confirmations come back on the completion topic and are chained too.
 */
@Controller()
export class AuditErasureRequestsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly recordEvent: RecordAuditEventUseCase,
    private readonly eraseLead: EraseLeadUseCase,
  ) {}

  @EventPattern(Topics.ErasureRequested)
  onErasureRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(ErasureRequestedEvent, raw, context, async (event) => {
      await this.recordEvent.execute(context.getTopic(), event);
      await this.eraseLead.execute(event);
    });
  }
}
