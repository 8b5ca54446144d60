import { Injectable } from '@nestjs/common';
import { LeadUpsertedEvent, Topics } from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { OutboxSource, PendingEvent } from '../outbox/outbox-entry';
import { leadFieldsOf } from './lead-fields';
import { Lead, LeadRepository } from './lead.repository';
import { PendingAnnouncement } from './lead.schema';

/** Publishes `lead.upserted` for a stored lead version; also the outbox source that republishes missed ones. */
@Injectable()
export class LeadAnnouncer implements OutboxSource {
  readonly name = 'leads';

  constructor(
    private readonly leads: LeadRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async announce(lead: Lead, announcement: PendingAnnouncement): Promise<void> {
    const pending = this.pendingEvent(lead, announcement);
    await this.publisher.publish(pending.topic, pending.key, pending.event);
    await pending.markPublished();
  }

  async findStale(olderThan: Date, limit: number): Promise<PendingEvent[]> {
    const leads = await this.leads.findAwaitingAnnouncement(olderThan, limit);
    return leads.map((lead) => this.pendingEvent(lead, lead.pending_announcement));
  }

  private pendingEvent(lead: Lead, announcement: PendingAnnouncement): PendingEvent {
    const event = createEvent(LeadUpsertedEvent, 'gateway', { ...announcement, tenant: lead.tenant }, leadFieldsOf(lead));
    return {
      topic: Topics.LeadUpserted,
      key: lead.lead_id,
      event,
      markPublished: () => this.leads.markAnnounced(lead.tenant, lead.lead_id, lead.version),
    };
  }
}
