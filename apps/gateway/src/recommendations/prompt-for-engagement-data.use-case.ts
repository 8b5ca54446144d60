import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { MINIMUM_ENGAGEMENT_EVENTS, NotificationRequestedEvent, Topics } from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { Lead } from '../leads/lead.repository';

export interface PromptForEngagementDataCommand {
  user: AuthenticatedUser;
  requestId: string;
  lead: Pick<Lead, 'lead_id' | 'owner_rep_id'>;
  eventsFound: number;
}

/**
 * The spec's failure table for too little engagement data: besides the 422 to the caller, the lead's owner is prompted
 * to log more (a `low_confidence` notification, as the recommender sends for a thin history it did answer). One prompt
 * per lead and day: the event's id is derived from both and the notification store keeps one per id, so a CRM that
 * retries does not flood the rep. A prompt that cannot be published is logged and the 422 still answered.
 */
@Injectable()
export class PromptForEngagementDataUseCase {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PromptForEngagementDataUseCase.name);
  }

  async execute({ user, requestId, lead, eventsFound }: PromptForEngagementDataCommand): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    const event = createEvent(
      NotificationRequestedEvent,
      'gateway',
      { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
      {
        kind: 'low_confidence',
        recipient_role: 'sales_rep',
        recipient_sub: lead.owner_rep_id,
        lead_id: lead.lead_id,
        message:
          `Lead ${lead.lead_id}: no recommendation could be made, as ${eventsFound} engagement event(s) are logged and at least ` +
          `${MINIMUM_ENGAGEMENT_EVENTS} are needed; log recent calls, emails and texts with their outcomes.`,
      },
      `${user.tenant}:${lead.lead_id}:insufficient-data:${day}`,
    );
    try {
      await this.publisher.publish(Topics.NotificationRequested, lead.lead_id, event);
    } catch (error) {
      this.logger.warn({ lead_id: lead.lead_id, error_name: (error as Error).name }, 'the lead owner could not be prompted for more data');
    }
  }
}
