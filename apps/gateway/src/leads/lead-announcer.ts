import { Injectable, OnModuleInit } from '@nestjs/common';
import { LeadUpsertedEvent, Topics } from '@followup/contracts';
import { createEvent, DueOutbox, EventPublisher, OutboxMessage, OutboxRelay, OutboxSource } from '@followup/messaging';
import { leadFieldsOf } from './lead-fields';
import { Lead, LeadRepository } from './lead.repository';
import { PendingAnnouncement } from './lead.schema';

/** Publishes `lead.upserted` for a stored lead version; also the outbox relay's source of missed ones. */
@Injectable()
export class LeadAnnouncer implements OutboxSource, OnModuleInit {
  readonly name = 'leads';

  constructor(
    private readonly leads: LeadRepository,
    private readonly publisher: EventPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.relay.register(this);
  }

  async announce(lead: Lead, announcement: PendingAnnouncement): Promise<void> {
    const due = this.due(lead, announcement);
    await this.publisher.publishAll(due.messages);
    await due.clear();
  }

  async findDue(olderThan: Date, limit: number): Promise<DueOutbox[]> {
    const leads = await this.leads.findAwaitingAnnouncement(olderThan, limit);
    return leads.map((lead) => this.due(lead, lead.pending_announcement));
  }

  /** The version's event, with the id the lead and version determine; clearing spares a newer version's marker. */
  private due(lead: Lead, announcement: PendingAnnouncement): DueOutbox {
    const context = { ...announcement, tenant: lead.tenant };
    const event = createEvent(LeadUpsertedEvent, 'gateway', context, leadFieldsOf(lead), `${lead.tenant}:${lead.lead_id}:${lead.version}`);
    const message: OutboxMessage = { topic: Topics.LeadUpserted, key: lead.lead_id, event };
    return { messages: [message], clear: () => this.leads.markAnnounced(lead.tenant, lead.lead_id, lead.version) };
  }
}
