import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErasureRequestedEvent, EventEnvelope, Topics } from '@followup/contracts';
import { consumerGroupId, EventFedView } from '@followup/messaging';
import { ErasedLeadRepository } from './erased-lead.repository';
import { ErasedLeads } from './erased-leads';

/**
 * The erased leads in memory on every audit instance, so the first stage knows without a query which texts of a
 * fetch belong to a lead erased before. Loaded from `erased_leads` (which the first stage's erasure writes before its
 * group commits the request), fed by `erasure.requested` from where that durable group stands. An erasure this
 * instance carries out is held at once (`erased`); one by another instance, a fetch of this view's consumer later.
 */
@Injectable()
export class ErasedLeadsView extends EventFedView<ErasedLeads> {
  constructor(
    environment: Environment,
    private readonly erasedLeads: ErasedLeadRepository,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'audit',
        name: 'erased-leads',
        topics: [{ topic: Topics.ErasureRequested, event: ErasureRequestedEvent, durableGroupId: consumerGroupId(environment, 'audit') }],
      },
      logger,
    );
    logger.setContext(ErasedLeadsView.name);
  }

  /** Which of the leads were erased: the view, or while it does not answer, one query of `erased_leads` for them all. */
  async among(leadIds: readonly string[]): Promise<ErasedLeads> {
    return this.answering() ?? (await this.erasedLeads.among(leadIds));
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
