import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventEnvelope, ErasureRequestedEvent, LeadUpsertedEvent, Topics } from '@followup/contracts';
import { consumerGroupId, topicGroupId, EventFedView } from '@followup/messaging';
import { ContactRecord } from './contact.schema';
import { ContactRepository } from './contact.repository';
import { ContactIndex, contactOf } from './contact-index';

/**
 * The `contacts` collection in memory on every delivery instance, fed by the events that change it (lead versions and
 * erasures, which delivery's durable group writes to the collection): a send reads its lead's contact entry here. On
 * another instance the view lags the collection only by its consumer's fetch latency, as the durable writer does.
 */
@Injectable()
export class ContactView extends EventFedView<ContactIndex> {
  constructor(
    environment: Environment,
    private readonly contacts: ContactRepository,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'delivery',
        name: 'contacts',
        topics: [
          { topic: Topics.LeadUpserted, event: LeadUpsertedEvent, durableGroupId: consumerGroupId(environment, 'delivery') },
          {
            topic: Topics.ErasureRequested,
            event: ErasureRequestedEvent,
            durableGroupId: topicGroupId(environment, 'delivery', Topics.ErasureRequested),
          },
        ],
      },
      logger,
    );
    logger.setContext(ContactView.name);
  }

  /**
   * The lead's contact entry: from memory while the view is live, else from the collection. A lead the view holds no
   * entry of is looked up in the collection too: its first version may have reached the durable writer first. So is
   * every lead while the view has not fetched for VIEW_MAX_SILENCE_MS: the durable group may go on writing consent
   * changes and erasures to the collection while this view's own consumer is stalled.
   */
  async findOne(tenant: string, leadId: string): Promise<ContactRecord | null> {
    return this.answering()?.find(tenant, leadId) ?? (await this.contacts.findOne(tenant, leadId));
  }

  protected async load(): Promise<ContactIndex> {
    return new ContactIndex(await this.contacts.all());
  }

  protected apply(index: ContactIndex, event: EventEnvelope<object>): void {
    if (event instanceof LeadUpsertedEvent) index.applyVersion(contactOf(event));
    else if (event instanceof ErasureRequestedEvent) index.erase(event.tenant, event.payload.lead_id);
  }
}
