import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { consentedChannelsWithoutContact } from './consent-rules';
import { LeadAnnouncer } from './lead-announcer';
import { UpsertLeadDto } from './lead.dto';
import { LeadView } from './lead-view';
import { Lead, LeadRepository } from './lead.repository';

export interface UpsertLeadCommand {
  user: AuthenticatedUser;
  requestId: string;
  leadId: string;
  lead: UpsertLeadDto;
}

@Injectable()
export class UpsertLeadUseCase {
  constructor(
    private readonly leads: LeadRepository,
    private readonly view: LeadView,
    private readonly announcer: LeadAnnouncer,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(UpsertLeadUseCase.name);
  }

  /** Stores the lead and announces it; an announcement the broker misses is left to the outbox relay. */
  async execute({ user, requestId, leadId, lead }: UpsertLeadCommand): Promise<{ lead: Lead; created: boolean }> {
    const unreachable = consentedChannelsWithoutContact(lead.consent, lead.contacts);
    if (unreachable.length > 0) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'Consent was given for a channel the lead has no contact detail for.', {
        invalid_fields: unreachable.map((channel) => `consent.${channel}`),
        reason: 'no_contact_for_consented_channel',
      });
    }
    const announcement = { request_id: requestId, actor: userActor(user) };
    const { lead: stored, created, superseded } = await this.leads.upsert(user.tenant, leadId, lead, announcement);
    this.logger.info({ lead_id: leadId, version: stored.version, superseded }, 'lead stored');
    // a later version was written meanwhile: its announcement has the lead (the relay clears this one's marker)
    if (superseded) return { lead: stored, created };
    // this instance's next look-up sees it at once; the others once they consume its announcement
    this.view.stored(stored);
    try {
      await this.announcer.announce(stored, announcement);
    } catch (error) {
      this.logger.warn({ lead_id: leadId, error_name: (error as Error).name }, 'lead announcement deferred to the outbox relay');
    }
    return { lead: stored, created };
  }
}
