import { Controller, Inject, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { SERVICE_NAME } from '@followup/config';
import { ErasureCompletedEvent, ErasureRequestedEvent, ServiceName, Topics } from '@followup/contracts';
import { EventConsumer } from './event-consumer';
import { createEvent } from './event-factory';
import { EventPublisher } from './event-publisher';

/** What a service holds of a lead, erased in its own database: returns per store how many records changed. */
export abstract class LeadErasureStore {
  abstract erase(tenant: string, leadId: string): Promise<Record<string, number>>;
}

/**
 * A service's share of `npm run audit:erase`: erases what its LeadErasureStore holds of the lead, then
 * confirms on the completion topic with the counts (never a value). A redelivered request erases nothing
 * more and confirms again.
 */
@Injectable()
export class EraseLeadUseCase {
  constructor(
    private readonly store: LeadErasureStore,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {
    this.logger.setContext(EraseLeadUseCase.name);
  }

  async execute(request: ErasureRequestedEvent): Promise<void> {
    const { erasure_id, lead_id } = request.payload;
    const erased = await this.store.erase(request.tenant, lead_id);
    const context = { request_id: request.request_id, tenant: request.tenant, actor: { kind: 'service' as const, id: this.service } };
    // one completion per erasure and service: a redelivered request's second report (nothing left to erase) is the same event
    const completed = createEvent(
      ErasureCompletedEvent,
      this.service,
      context,
      {
        erasure_id,
        lead_id,
        service: this.service,
        erased: Object.entries(erased).map(([store, count]) => ({ store, count })),
        completed_at: new Date().toISOString(),
      },
      erasure_id,
    );
    await this.publisher.publish(Topics.ErasureCompleted, lead_id, completed);
    this.logger.info({ erasure_id, erased }, 'lead erased');
  }
}

/** The erasure request handler every service but audit (which chains the request first) registers as it is. */
@Controller()
export class ErasureRequestsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly eraseLead: EraseLeadUseCase,
  ) {}

  @EventPattern(Topics.ErasureRequested)
  onErasureRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(ErasureRequestedEvent, raw, context, (event) => this.eraseLead.execute(event));
  }
}
