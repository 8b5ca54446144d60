import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment, SERVICE_NAME } from '@followup/config';
import { ErasureRequestedEvent, EventEnvelope, ServiceName, Topics } from '@followup/contracts';
import { EventFedView } from '../event-fed-view';
import { topicGroupId } from '../kafka-options';
import { ErasedLeadRepository } from './erased-lead.repository';
import { ErasedLeads } from './erased-leads';

/**
 * The erased leads in memory on every instance of a service, so a write of a lead's data can ask without a query
 * whether the lead was erased. Loaded from the service's `erased_leads` (which its erasure writes before its durable
 * group commits the request), fed by `erasure.requested` from where that group stands. An erasure this instance
 * carries out is held at once (`erased`); one by another instance, a fetch of this view's consumer later (which is
 * why EraseLeadUseCase erases a second time once every live view holds the request).
 */
@Injectable()
export class ErasedLeadsView extends EventFedView<ErasedLeads> {
  constructor(
    environment: Environment,
    private readonly erasedLeads: ErasedLeadRepository,
    logger: PinoLogger,
    @Inject(SERVICE_NAME) service: ServiceName,
  ) {
    super(
      environment,
      {
        service,
        name: 'erased-leads',
        topics: [
          {
            topic: Topics.ErasureRequested,
            event: ErasureRequestedEvent,
            durableGroupId: topicGroupId(environment, service, Topics.ErasureRequested),
          },
        ],
      },
      logger,
    );
    logger.setContext(ErasedLeadsView.name);
  }

  /** Which of the leads were erased: the view, or while it does not answer, one query of `erased_leads` for them all. */
  async among(leadIds: readonly string[]): Promise<ErasedLeads> {
    return this.answering() ?? (await this.erasedLeads.among(leadIds));
  }

  async has(tenant: string, leadId: string): Promise<boolean> {
    return (await this.among([leadId])).has(tenant, leadId);
  }

  /** A lead this instance has just erased. */
  erased(tenant: string, leadId: string): void {
    this.held()?.add(tenant, leadId);
  }

  protected load(): Promise<ErasedLeads> {
    return this.erasedLeads.all();
  }

  protected apply(erased: ErasedLeads, event: EventEnvelope<object>): void {
    if (event instanceof ErasureRequestedEvent) erased.add(event.tenant, event.payload.lead_id);
  }
}
