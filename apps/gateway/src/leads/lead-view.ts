import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErasureRequestedEvent, EventEnvelope, LeadUpsertedEvent, LeadUpsertedPayload, Topics } from '@followup/contracts';
import { topicGroupId, EventFedView } from '@followup/messaging';
import { LeadStates } from './lead-states';
import { Lead, LeadRepository } from './lead.repository';

/**
 * Every tenant's leads in memory on each gateway instance, so the look-up of every recommendation request and
 * review reads no database. Loaded from `leads`, then fed by `lead.upserted` (from the topic's end before the
 * load: the record is written before it is announced) and by `erasure.requested` (from where the gateway's durable
 * group, which erases the records, stands). How current it is:
 * - a lead written or erased through this instance: at once (`stored`, `erased`, called by the writers);
 * - through another instance: once its `lead.upserted` is consumed here, normally a fetch after the write
 *   (tens of ms); if that publish failed, once the outbox relay publishes it (within about two
 *   OUTBOX_RELAY_INTERVAL_MS); when this view has not finished a fetch for VIEW_MAX_SILENCE_MS (the broker away), look-ups read the database;
 * - an erased lead is held by no version from the erasure request on: the database answers for it.
 * A lead the view does not hold (never seen, a version whose creation time it cannot know, erased) is read from
 * the database.
 */
@Injectable()
export class LeadView extends EventFedView<LeadStates> {
  constructor(
    environment: Environment,
    private readonly leads: LeadRepository,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'gateway',
        name: 'leads',
        topics: [
          { topic: Topics.LeadUpserted, event: LeadUpsertedEvent },
          {
            topic: Topics.ErasureRequested,
            event: ErasureRequestedEvent,
            durableGroupId: topicGroupId(environment, 'gateway', Topics.ErasureRequested),
          },
        ],
      },
      logger,
    );
    logger.setContext(LeadView.name);
  }

  /** The lead as held; undefined when the database must answer. */
  find(tenant: string, leadId: string): Lead | undefined {
    return this.answering()?.find(tenant, leadId);
  }

  /** A version this instance has just stored. */
  stored(lead: Lead): void {
    this.held()?.upsert(lead);
  }

  /** A lead this instance has just erased. */
  erased(tenant: string, leadId: string): void {
    this.held()?.erase(tenant, leadId);
  }

  protected async load(): Promise<LeadStates> {
    const states = new LeadStates();
    for (const lead of await this.leads.findAll()) states.upsert(lead);
    return states;
  }

  protected apply(states: LeadStates, event: EventEnvelope<object>): void {
    if (event instanceof LeadUpsertedEvent) states.upsertAnnounced(event.tenant, event.payload as LeadUpsertedPayload);
    else if (event instanceof ErasureRequestedEvent) states.erase(event.tenant, event.payload.lead_id);
  }
}
