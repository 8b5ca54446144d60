import { Injectable, OnModuleInit } from '@nestjs/common';
import { LeadUpsertedEvent, Topics } from '@followup/contracts';
import { createEvent, DueOutbox, EventPublisher, OutboxMessage, OutboxRelay, OutboxSource } from '@followup/messaging';
import { leadFieldsOf } from './lead-fields';
import { PendingAnnouncement } from './lead-version-claim.schema';
import { LeadVersions } from './lead-versions';
import { Lead } from './lead.repository';

/** Publishes `lead.upserted` for a stored lead version; also the outbox relay's source of missed ones. */
@Injectable()
export class LeadAnnouncer implements OutboxSource, OnModuleInit {
  readonly name = 'leads';

  constructor(
    private readonly versions: LeadVersions,
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
    const awaiting = await this.versions.findAwaitingAnnouncement(olderThan, limit);
    return awaiting.map(({ claim, lead }) =>
      lead
        ? this.due(lead, claim.pending_announcement)
        : { messages: [], clear: () => this.versions.markAnnounced(claim.tenant, claim.lead_id, claim.version) },
    );
  }

  /** The version's event, with the id the lead and version determine; clearing clears that version's claim only. */
  private due(lead: Lead, announcement: PendingAnnouncement): DueOutbox {
    const context = { ...announcement, tenant: lead.tenant };
    const event = createEvent(LeadUpsertedEvent, 'gateway', context, leadFieldsOf(lead), `${lead.tenant}:${lead.lead_id}:${lead.version}`);
    const message: OutboxMessage = { topic: Topics.LeadUpserted, key: lead.lead_id, event };
    return { messages: [message], clear: () => this.versions.markAnnounced(lead.tenant, lead.lead_id, lead.version) };
  }
}
