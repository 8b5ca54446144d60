import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { EngagementLoggedEvent, Topics } from '@followup/contracts';
import { createEvent, OutboxMessage, outboxMarker } from '@followup/messaging';
import { GetLeadUseCase } from '../leads/get-lead.use-case';
import { EngagementsAcceptedDto, LogEngagementsDto } from './engagement.dto';
import { EngagementLogRepository } from './engagement-log.repository';

/** Stores the outcomes the CRM reports and announces them so the recommender's channel priors learn. */
@Injectable()
export class LogEngagementsUseCase {
  constructor(
    private readonly getLead: GetLeadUseCase,
    private readonly logs: EngagementLogRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(LogEngagementsUseCase.name);
  }

  async execute(user: AuthenticatedUser, requestId: string, leadId: string, body: LogEngagementsDto): Promise<EngagementsAcceptedDto> {
    const lead = await this.getLead.execute(user, leadId);
    const engagements = body.engagements.map(({ type, outcome, occurred_at }) => ({ type, outcome, occurred_at }));
    const logId = randomUUID();
    const event = createEvent(
      EngagementLoggedEvent,
      'gateway',
      { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
      { lead_id: lead.lead_id, account_tier: lead.account_tier, engagements },
      logId,
    );
    const messages: OutboxMessage[] = [{ topic: Topics.EngagementLogged, key: lead.lead_id, event }];
    await this.logs.create({
      log_id: logId,
      tenant: user.tenant,
      lead_id: lead.lead_id,
      logged_by: user.sub,
      engagements,
      ...outboxMarker(messages),
    });
    try {
      await this.logs.deliverOutbox(logId, messages);
    } catch (error) {
      this.logger.warn({ lead_id: leadId, error_name: (error as Error).name }, 'engagements stored; publish deferred to the outbox relay');
    }
    return { log_id: logId, accepted: engagements.length };
  }
}
