import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import {
  Channel,
  ErrorCode,
  EventContext,
  FollowupError,
  insufficientDataError,
  LlmExchange,
  MINIMUM_ENGAGEMENT_EVENTS,
  NotificationRequestedEvent,
  NotificationRequestedPayload,
  RecommendationFailedEvent,
  RecommendationGeneratedEvent,
  RecommendationRequestedEvent,
  Topics,
} from '@followup/contracts';
import { createEvent, eventHeaders, EventPublisher } from '@followup/messaging';
import { RejectionCategory } from '../feedback/rejection-feedback';
import { asAiServiceUnavailable, DRAFTER, Drafter } from '../drafting/drafter';
import { recommendedChannel } from '../engine/lead-analysis';
import { ErasedLeadCheck } from '../erasure/erased-lead-check';
import { TierPriors } from '../learning/tier-priors';
import { PriorityModels } from '../models/priority-models';
import { sparseReplyHours } from '../models/send-time';
import { SuppressedChannelsView } from '../suppression/suppressed-channels.view';
import { analysisOf } from './decision-inputs';
import { PublishedEvent, publishedEvent, publishedJson } from './published-event';
import { DecisionInputs } from './recommendation.schema';
import { RecommendationRepository, StoredRecommendation } from './recommendation.repository';

const SERVICE_ACTOR = { kind: 'service' as const, id: 'recommender' };

/** A re-analysis of a recommendation a rep rejected. */
export interface Revision {
  of: string;
  reason: string;
  category: RejectionCategory;
  rejectedChannel: Channel;
}

/**
 * Answers a recommendation request exactly once per attempt: the decision is stored first, and a request seen
 * before (a redelivery after a crash, or the gateway's outbox relay) meets the stored one on the duplicate key and
 * is answered by republishing its events unchanged. Only a manager's retry (a higher attempt) of a request in the
 * manual queue replaces the stored decision. A lead erased before the request is decided is answered LEAD_NOT_FOUND
 * without drafting; one erased while it was drafted has the stored decision erased before its events are published.
 */
@Injectable()
export class GenerateRecommendationUseCase {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly priors: TierPriors,
    private readonly models: PriorityModels,
    private readonly suppressed: SuppressedChannelsView,
    @Inject(DRAFTER) private readonly drafter: Drafter,
    private readonly erasedLeads: ErasedLeadCheck,
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(GenerateRecommendationUseCase.name);
  }

  async execute(request: RecommendationRequestedEvent, revision?: Revision): Promise<void> {
    const decided = await this.decide(request, request.payload.attempt ?? 1, revision);
    let stored = await this.recommendations.store(decided);
    if (await this.erasedLeads.erasedAfterWrite(stored.tenant, stored.lead_id)) {
      stored = (await this.recommendations.findOne(stored.tenant, stored.recommendation_id)) ?? stored;
    }
    await this.publish(request.payload.lead.lead_id, stored);
  }

  private async publish(leadId: string, stored: StoredRecommendation): Promise<void> {
    const headers = eventHeaders(stored.request_id);
    await Promise.all(
      [stored.outcome_event, ...(stored.notification_events ?? [])].map((published) =>
        this.publisher.publishEncoded(published.topic, leadId, publishedJson(published), headers),
      ),
    );
    this.logger.info(
      { status: stored.status, attempt: stored.attempt, priority_score: stored.result?.priority_score, error_code: stored.error?.code },
      'recommendation answered',
    );
  }

  private async decide(request: RecommendationRequestedEvent, attempt: number, revision?: Revision): Promise<StoredRecommendation> {
    const { recommendation_id, lead, input } = request.payload;
    const context: EventContext = { request_id: request.request_id, tenant: request.tenant, actor: SERVICE_ACTOR };
    const tier = input.account_tier ?? lead.account_tier ?? 'unknown';
    const base = {
      recommendation_id,
      tenant: request.tenant,
      lead_id: lead.lead_id,
      request_id: request.request_id,
      attempt,
      account_tier: tier,
      request_payload: JSON.stringify({ lead, input }),
      revision_of: revision?.of,
    };
    if (await this.erasedLeads.isErased(request.tenant, lead.lead_id)) {
      const erased = new FollowupError(ErrorCode.LeadNotFound, 'The lead was erased.', { lead_id: lead.lead_id, reason: 'erased' });
      return this.failed(base, context, 'failed', erased, []);
    }
    if (input.engagement_history.length < MINIMUM_ENGAGEMENT_EVENTS) {
      return this.failed(base, context, 'failed', insufficientDataError(input.engagement_history.length, MINIMUM_ENGAGEMENT_EVENTS), []);
    }

    const model = await this.models.forTenant(request.tenant);
    const decisionInputs: DecisionInputs = {
      decided_at: new Date().toISOString(),
      snapshot_id: model.snapshot_id,
      tier_history: await this.priors.forTier(request.tenant, tier),
      prior_strength: this.environment.CHANNEL_PRIOR_STRENGTH,
      reply_hours: sparseReplyHours(await this.priors.replyHours(request.tenant, tier)),
      suppressed_channels: [...(await this.suppressed.channelsOf(request.tenant, lead.lead_id))],
      ...(revision ? { revision: { category: revision.category, rejected_channel: revision.rejectedChannel } } : {}),
    };
    const analysis = analysisOf(lead, input, decisionInputs, model);
    let draft;
    try {
      draft = await this.drafter.draft({
        analysis,
        rejectionReason: revision?.reason,
        leadCountry: lead.country,
        leadPhoneCountry: lead.phone_country,
      });
    } catch (thrown) {
      const error = asAiServiceUnavailable(thrown);
      this.logger.error(
        { error_code: ErrorCode.AiServiceUnavailable, reason: error.reason, attempts: error.attempts },
        'AI service unavailable; routed to the manual queue',
      );
      const failure = new FollowupError(
        ErrorCode.AiServiceUnavailable,
        'The AI recommendation service encountered an unexpected error. The request is in the manual queue.',
        {
          reason: error.reason,
          manual_queue: true,
        },
      );
      const notify = this.notification(context, {
        kind: 'ai_service_unavailable',
        recipient_role: 'sales_manager',
        recommendation_id,
        lead_id: lead.lead_id,
        message: `A recommendation for lead ${lead.lead_id} could not be generated (${error.reason}) and is waiting in the manual queue.`,
      });
      return this.failed(base, context, 'manual_queue', failure, [notify], error.llmExchange);
    }

    const result = {
      priority_score: analysis.priority.score,
      recommended_action: analysis.action,
      recommended_channel: recommendedChannel(analysis),
      reasoning_summary: draft.reasoning_summary,
      draft_message: draft.draft_message,
      requires_human_approval: true,
    };
    const aiServiceVersion = { ...draft.ai_service_version, scorer_version: analysis.scorerVersion };
    const priorityExplanation = {
      probability: analysis.priority.probability,
      horizon_days: model.horizon_days,
      baseline_log_odds: analysis.priority.baseline_log_odds,
      raised: analysis.priority.raised,
      lowered: analysis.priority.lowered,
    };
    const event = createEvent(RecommendationGeneratedEvent, 'recommender', context, {
      recommendation_id,
      lead_id: lead.lead_id,
      result,
      channel_ranking: analysis.ranking,
      confidence: analysis.confidence,
      score_factors: analysis.priority.factors,
      ai_service_version: aiServiceVersion,
      priority_explanation: priorityExplanation,
      send_time: analysis.sendTime,
      decision_inputs: { ...decisionInputs },
      llm_exchange: draft.llm_exchange,
      attempt,
      revision_of: revision?.of,
      generated_at: new Date().toISOString(),
    });
    const revisionNotice = revision
      ? [
          this.notification(context, {
            kind: 'rejection_requeued',
            recipient_role: 'sales_rep',
            recipient_sub: lead.owner_rep_id,
            recommendation_id,
            lead_id: lead.lead_id,
            message: `Lead ${lead.lead_id}: a revised recommendation (${revision.category.replace('_', ' ')}) is ready for review.`,
          }),
        ]
      : [];
    const lowConfidenceNotice = analysis.completenessPrompt
      ? [
          this.notification(context, {
            kind: 'low_confidence',
            recipient_role: 'sales_rep',
            recipient_sub: lead.owner_rep_id,
            recommendation_id,
            lead_id: lead.lead_id,
            message: `Lead ${lead.lead_id}: ${analysis.completenessPrompt}`,
          }),
        ]
      : [];
    const notifications = [...revisionNotice, ...lowConfidenceNotice];
    return {
      ...base,
      status: 'generated',
      result,
      confidence: analysis.confidence,
      completeness_prompt: analysis.completenessPrompt,
      ai_service_version: aiServiceVersion,
      decision_inputs: JSON.stringify(decisionInputs),
      outcome_event: publishedEvent(Topics.RecommendationGenerated, event),
      notification_events: notifications,
    };
  }

  private notification(context: EventContext, payload: NotificationRequestedPayload): PublishedEvent {
    return publishedEvent(Topics.NotificationRequested, createEvent(NotificationRequestedEvent, 'recommender', context, payload));
  }

  private failed(
    base: Pick<
      StoredRecommendation,
      'recommendation_id' | 'tenant' | 'lead_id' | 'request_id' | 'attempt' | 'account_tier' | 'request_payload' | 'revision_of'
    >,
    context: EventContext,
    status: 'failed' | 'manual_queue',
    error: FollowupError,
    notifications: PublishedEvent[],
    llmExchange?: LlmExchange,
  ): StoredRecommendation {
    const eventError = { code: error.code, message: error.message, details: error.details };
    const event = createEvent(RecommendationFailedEvent, 'recommender', context, {
      recommendation_id: base.recommendation_id,
      lead_id: base.lead_id,
      error: eventError,
      attempt: base.attempt,
      revision_of: base.revision_of,
      llm_exchange: llmExchange,
      failed_at: new Date().toISOString(),
    });
    return {
      ...base,
      status,
      error: eventError,
      outcome_event: publishedEvent(Topics.RecommendationFailed, event),
      notification_events: notifications,
    };
  }
}
