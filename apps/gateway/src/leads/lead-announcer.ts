import { Injectable } from '@nestjs/common';
import { LeadUpsertedEvent, Topics } from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { OutboxSource, PendingEvent } from '../outbox/outbox-entry';
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
    const event = createEvent(
      LeadUpsertedEvent,
      'gateway',
      { ...announcement, tenant: lead.tenant },
      {
        lead_id: lead.lead_id,
        first_name: lead.first_name,
        last_name: lead.last_name,
        account_tier: lead.account_tier,
        owner_rep_id: lead.owner_rep_id,
        contacts: { email: lead.contacts.email, phone: lead.contacts.phone },
        consent: { sms: lead.consent.sms, email: lead.consent.email, phone_call: lead.consent.phone_call },
        version: lead.version,
        updated_at: new Date(lead.updated_at).toISOString(),
      },
    );
    return {
      topic: Topics.LeadUpserted,
      key: lead.lead_id,
      event,
      markPublished: () => this.leads.markAnnounced(lead.tenant, lead.lead_id, lead.version),
    };
  }
}
