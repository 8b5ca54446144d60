import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import type { CountryCode } from 'libphonenumber-js';
import { Environment } from '@followup/config';
import {
  ChannelScore,
  DraftScreenedEvent,
  ERASED_TEXT,
  EscalationRaisedEvent,
  EventContext,
  NotificationRequestedEvent,
  ScreeningStage,
  Topics,
} from '@followup/contracts';
import { createEvent, EventPublisher, OutboxMessage } from '@followup/messaging';
import { EscalationRepository } from '../escalations/escalation.repository';
import { LeadDirectoryView } from '../lead-directory/lead-directory.view';
import {
  DetectionText,
  detectPii,
  directoryCandidates,
  directoryPhones,
  DirectoryPerson,
  leadPhoneContext,
  summarizeKinds,
} from '@followup/pii';
import { ScreeningRecord } from './screening.schema';
import { ScreeningRepository } from './screening.repository';

export interface ScreenDraftCommand {
  tenant: string;
  requestId: string;
  sourceEventId: string;
  recommendationId: string;
  leadId: string;
  stage: ScreeningStage;
  /** PII-bearing: never logged, stored only in an escalation case of a pre-delivery draft. */
  draftMessage: string;
  channelRanking?: ChannelScore[];
}

const SERVICE_ACTOR = { kind: 'service' as const, id: 'compliance' };

/**
 * Screens a draft for PII at one stage and announces the verdict. A hit blocks the draft, opens an
 * escalation case, and tells the compliance team (escalation event and notification). A clear
 * pre-delivery verdict carries the approved text and channel ranking, which is all delivery needs.
 *
 * Idempotent per recommendation and stage: the verdict is stored once (a redelivered draft finds the stored one
 * on the duplicate key) and its events are published again with the same ids, which consumers de-duplicate. The
 * draft's offset is committed only after the publish, so a publish cut short is redone by the redelivery.
 * A draft of a lead erased meanwhile (on its way at the erasure) is screened, stored and passed on without its text.
 */
@Injectable()
export class ScreenDraftUseCase {
  constructor(
    private readonly screenings: ScreeningRepository,
    private readonly escalations: EscalationRepository,
    private readonly directory: LeadDirectoryView,
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ScreenDraftUseCase.name);
  }

  async execute(received: ScreenDraftCommand): Promise<void> {
    const erased = await this.directory.isErased(received.tenant, received.leadId);
    const command = erased ? { ...received, draftMessage: ERASED_TEXT } : received;
    const screening = await this.screen(command);
    const context: EventContext = { request_id: command.requestId, tenant: command.tenant, actor: SERVICE_ACTOR };
    const subject = `${command.recommendationId}:${command.stage}`;
    const escalation = screening.verdict === 'blocked' ? await this.escalate(command, screening, context, subject) : [];

    const clearForDelivery = screening.verdict === 'clear' && command.stage === 'pre_delivery';
    const verdict = createEvent(
      DraftScreenedEvent,
      'compliance',
      context,
      {
        recommendation_id: command.recommendationId,
        lead_id: command.leadId,
        stage: command.stage,
        verdict: screening.verdict,
        findings: screening.findings,
        escalation_id: screening.escalation_id,
        ...(clearForDelivery ? { draft_message: command.draftMessage, channel_ranking: command.channelRanking ?? [] } : {}),
        screened_at: new Date(screening.screened_at).toISOString(),
      },
      subject,
    );
    await this.publisher.publishAll([...escalation, { topic: Topics.DraftScreened, key: command.leadId, event: verdict }]);
    this.logger.info({ stage: command.stage, verdict: screening.verdict, findings: screening.findings.length }, 'draft screened');
  }

  private async screen(command: ScreenDraftCommand): Promise<ScreeningRecord> {
    // national numbers are read as the tenant's regions (validated ISO codes) and the lead's own country, which the
    // recipient's entry tells (its country, then its phone number's): it is read with the entries matching the draft as the tenant's regions read it, and
    // only numbers that read differently as the lead's country cost a second look-up
    const tenantRegions = this.environment.PII_DEFAULT_REGIONS as CountryCode[];
    const draft = new DetectionText(command.draftMessage);
    const tenantCandidates = directoryCandidates(draft, leadPhoneContext(tenantRegions));
    const { recipient, others: sharing } = await this.directory.findRecipientAndOthers(command.tenant, command.leadId, tenantCandidates);
    const phoneContext = leadPhoneContext(tenantRegions, { country: recipient?.country, phone: recipient?.phone });
    const phones = directoryPhones(draft, phoneContext).filter((phone) => !tenantCandidates.phones.includes(phone));
    const others = phones.length
      ? uniqueLeads([...sharing, ...(await this.directory.findOthers(command.tenant, command.leadId, { words: [], emails: [], phones }))])
      : sharing;
    const findings = detectPii(draft, { others, recipient, ...phoneContext });
    const blocked = findings.length > 0;
    return this.screenings.insertOnce({
      recommendation_id: command.recommendationId,
      stage: command.stage,
      tenant: command.tenant,
      lead_id: command.leadId,
      request_id: command.requestId,
      source_event_id: command.sourceEventId,
      verdict: blocked ? 'blocked' : 'clear',
      findings,
      draft_length: command.draftMessage.length,
      escalation_id: blocked ? randomUUID() : undefined,
      screened_at: new Date(),
    });
  }

  /** Opens the case (once) and answers the escalation event and the compliance team's notification, to publish. */
  private async escalate(
    command: ScreenDraftCommand,
    screening: ScreeningRecord,
    context: EventContext,
    subject: string,
  ): Promise<OutboxMessage[]> {
    const escalationId = screening.escalation_id!;
    const raisedAt = new Date(screening.screened_at);
    const kinds = summarizeKinds(screening.findings);
    this.logger.warn(
      {
        stage: command.stage,
        escalation_id: escalationId,
        kinds,
        positions: screening.findings.map(({ kind, start, end }) => ({ kind, start, end })),
      },
      'potential PII disclosure in a draft: blocked and escalated',
    );
    await this.escalations.openOnce({
      escalation_id: escalationId,
      tenant: command.tenant,
      recommendation_id: command.recommendationId,
      lead_id: command.leadId,
      stage: command.stage,
      status: 'open',
      findings: screening.findings,
      request_id: command.requestId,
      raised_at: raisedAt,
      ...(command.stage === 'pre_delivery' ? { draft_message: command.draftMessage, channel_ranking: command.channelRanking ?? [] } : {}),
    });
    const raised = createEvent(
      EscalationRaisedEvent,
      'compliance',
      context,
      {
        escalation_id: escalationId,
        recommendation_id: command.recommendationId,
        lead_id: command.leadId,
        stage: command.stage,
        findings: screening.findings,
        raised_at: raisedAt.toISOString(),
      },
      subject,
    );
    const what = command.stage === 'pre_delivery' ? 'An approved draft was blocked before delivery' : 'A generated draft was flagged';
    const notification = createEvent(
      NotificationRequestedEvent,
      'compliance',
      context,
      {
        kind: 'compliance_escalation',
        recipient_role: 'compliance',
        recommendation_id: command.recommendationId,
        lead_id: command.leadId,
        message: `${what} for potential PII (${Object.keys(kinds).join(', ')}). Escalation ${escalationId} is open.`,
      },
      subject,
    );
    return [
      { topic: Topics.ComplianceEscalation, key: command.leadId, event: raised },
      { topic: Topics.NotificationRequested, key: command.leadId, event: notification },
    ];
  }
}

function uniqueLeads(people: DirectoryPerson[]): DirectoryPerson[] {
  return [...new Map(people.map((person) => [person.lead_id, person])).values()];
}
