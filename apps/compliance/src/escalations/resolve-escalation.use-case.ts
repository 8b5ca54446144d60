import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { DraftScreenedEvent, DraftScreenedPayload, ERASED_TEXT, ErrorCode, EventActor, FollowupError, Topics } from '@followup/contracts';
import { createEvent, OutboxMessage } from '@followup/messaging';
import { LeadDirectoryView } from '../lead-directory/lead-directory.view';
import { EscalationDto } from './escalation.dto';
import { Escalation, EscalationDecision, EscalationRepository } from './escalation.repository';
import { Resolution } from './escalation.schema';
import { escalationView } from './escalation-view';

export interface ResolveEscalationCommand {
  user: AuthenticatedUser;
  requestId: string;
  escalationId: string;
  resolution: Resolution;
  note?: string;
}

function notFound(escalationId: string): FollowupError {
  return new FollowupError(ErrorCode.EscalationNotFound, 'No escalation exists with this id.', { escalation_id: escalationId });
}

/**
 * The compliance team's decision on a blocked draft. `release` of a pre-delivery case publishes a clear
 * pre-delivery verdict carrying the stored approved text, so delivery proceeds; `discard` of one publishes the
 * final verdict `discarded` (with the findings, no text), so the recommendation's lifecycle ends and the audit
 * trail records it. The resolution and its event are stored in one write (the case's outbox marker); if the
 * publish fails, the service's outbox relay publishes the stored event, and calling again with the same
 * resolution publishes it at once. The note on a case of a lead erased since is kept as `[erased]`, as the erasure
 * leaves the notes written before it. One decision per case, however many calls and instances race: a decision is
 * claimed (EscalationDecisionRecord) before it is written, and a call that finds another claimed answers as on a
 * case resolved before (409 INVALID_STATE, unless it is a retry of that decision).
 */
@Injectable()
export class ResolveEscalationUseCase {
  constructor(
    private readonly escalations: EscalationRepository,
    private readonly directory: LeadDirectoryView,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ResolveEscalationUseCase.name);
  }

  async execute(command: ResolveEscalationCommand): Promise<EscalationDto> {
    const { user, escalationId, resolution } = command;
    let escalation = await this.escalations.findOne(user.tenant, escalationId);
    if (!escalation) throw notFound(escalationId);

    if (escalation.status === 'open') {
      const decision = await this.decisionOn(escalation, command);
      if (await this.escalations.claimDecision(decision)) return this.record(escalation, decision);
      escalation = await this.decidedBefore(escalation);
    }

    // A retry of the same resolution whose release event is still unacknowledged: publish it now.
    if (escalation.resolution === resolution && escalation.outbox_pending && escalation.outbox) {
      await this.publish(escalation.escalation_id, escalation.outbox);
      return escalationView((await this.escalations.findOne(user.tenant, escalationId))!);
    }
    throw new FollowupError(ErrorCode.InvalidState, 'The escalation is already resolved.', {
      escalation_id: escalationId,
      status: escalation.status,
    });
  }

  private async decisionOn(escalation: Escalation, command: ResolveEscalationCommand): Promise<EscalationDecision> {
    const actor = userActor(command.user);
    const note =
      command.note && (await this.directory.isErased(escalation.tenant, escalation.lead_id)) ? ERASED_TEXT : command.note?.trim();
    return {
      escalation_id: escalation.escalation_id,
      tenant: escalation.tenant,
      lead_id: escalation.lead_id,
      resolution: command.resolution,
      resolved_by: actor.id,
      resolved_by_role: actor.role,
      request_id: command.requestId,
      ...(note ? { resolution_note: note } : {}),
      decided_at: new Date(),
    };
  }

  /** Writes the decision this call claimed to the case and publishes its events. */
  private async record(escalation: Escalation, decision: EscalationDecision): Promise<EscalationDto> {
    const messages = this.resolutionEvents(escalation, decision);
    await this.escalations.resolve(decision, messages);
    if (messages.length > 0) await this.publish(escalation.escalation_id, messages);
    this.logger.info(
      {
        escalation_id: escalation.escalation_id,
        recommendation_id: escalation.recommendation_id,
        stage: escalation.stage,
        resolution: decision.resolution,
      },
      'escalation resolved',
    );
    return escalationView((await this.escalations.findOne(escalation.tenant, escalation.escalation_id))!);
  }

  /**
   * The case as the decision claimed before this call's leaves it: written by its owner within CLAIM_OWNER_WAIT_MS, else
   * (the owner died between its claim and its write) written here, its events left to the outbox relay or to a retry
   * of that decision.
   */
  private async decidedBefore(escalation: Escalation): Promise<Escalation> {
    const { tenant, escalation_id: escalationId } = escalation;
    const current = await this.escalations.decidedByOwner(tenant, escalationId);
    if (!current) throw notFound(escalationId);
    if (current.status !== 'open') return current;
    const claimed = (await this.escalations.claimedDecision(escalationId))!;
    this.logger.warn({ escalation_id: escalationId, resolution: claimed.resolution }, 'a claimed decision was not written: writing it');
    await this.escalations.resolve(claimed, this.resolutionEvents(current, claimed));
    return (await this.escalations.findOne(tenant, escalationId))!;
  }

  /**
   * Only a pre-delivery case gets a verdict: its draft goes on to delivery, or ends there; a generated draft is
   * still under human review. The resolution is recorded as the caller under the role that authorised it
   * (compliance or admin).
   */
  private resolutionEvents(escalation: Escalation, decision: EscalationDecision): OutboxMessage[] {
    if (escalation.stage !== 'pre_delivery') return [];
    const { request_id: requestId, resolved_by: id, resolved_by_role: role } = decision;
    const actor: EventActor = { kind: 'user', id, role };
    if (decision.resolution === 'discard')
      return [this.verdictEvent(escalation, requestId, actor, { verdict: 'discarded', findings: escalation.findings })];
    if (!escalation.draft_message) return [];
    return [
      this.verdictEvent(escalation, requestId, actor, {
        verdict: 'clear',
        findings: [],
        draft_message: escalation.draft_message,
        channel_ranking: escalation.channel_ranking ?? [],
      }),
    ];
  }

  private verdictEvent(
    escalation: Escalation,
    requestId: string,
    actor: EventActor,
    verdict: Pick<DraftScreenedPayload, 'verdict' | 'findings' | 'draft_message' | 'channel_ranking'>,
  ): OutboxMessage {
    const event = createEvent(
      DraftScreenedEvent,
      'compliance',
      { request_id: requestId, tenant: escalation.tenant, actor },
      {
        recommendation_id: escalation.recommendation_id,
        lead_id: escalation.lead_id,
        stage: 'pre_delivery',
        ...verdict,
        escalation_id: escalation.escalation_id,
        screened_at: new Date().toISOString(),
      },
      `${escalation.escalation_id}:${verdict.verdict}`,
    );
    return { topic: Topics.DraftScreened, key: escalation.lead_id, event };
  }

  private async publish(escalationId: string, messages: OutboxMessage[]): Promise<void> {
    try {
      await this.escalations.deliverOutbox(escalationId, messages);
    } catch (error) {
      this.logger.warn({ escalation_id: escalationId, error_name: (error as Error).name }, 'resolution stored; publish failed');
      throw new FollowupError(
        ErrorCode.ServiceUnavailable,
        'The resolution is recorded but could not be announced yet. Retry the same resolution in a few minutes.',
        { escalation_id: escalationId, retry_after_seconds: 30 },
      );
    }
  }
}
